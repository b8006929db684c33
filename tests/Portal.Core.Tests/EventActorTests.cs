using Portal.Core.Tenancy;

namespace Portal.Core.Tests;

public class EventActorTests
{
    private const int Acme = 1, Globex = 2;

    [Fact]
    public void Staff_read_the_account_as_the_audit_trail_has_it()
    {
        Assert.Equal("alice@acme.example", EventActor.Describe(new("alice@acme.example", true, Acme), ViewerScope.Staff, "ops@portal.example"));
        Assert.Equal("gone@acme.example", EventActor.Describe(new("gone@acme.example", false, null), ViewerScope.Staff, "ops@portal.example"));
    }

    [Fact]
    public void A_customer_reads_their_own_change_as_theirs_and_a_colleague_s_by_name()
    {
        var acme = ViewerScope.ForTenant(Acme);
        Assert.Equal(EventActor.You, EventActor.Describe(new("Alice@Acme.example", true, Acme), acme, "alice@acme.example"));
        Assert.Equal("bob@acme.example", EventActor.Describe(new("bob@acme.example", true, Acme), acme, "alice@acme.example"));
    }

    [Fact]
    public void A_customer_never_learns_a_staff_account_or_another_tenant_s_user()
    {
        var acme = ViewerScope.ForTenant(Acme);
        Assert.Equal(EventActor.Staff, EventActor.Describe(new("ops@portal.example", true, null), acme, "alice@acme.example"));
        Assert.Equal(EventActor.Unknown, EventActor.Describe(new("gus@globex.example", true, Globex), acme, "alice@acme.example"));
        Assert.Equal(EventActor.Unknown, EventActor.Describe(new("gone@portal.example", false, null), acme, "alice@acme.example"));
    }
}
