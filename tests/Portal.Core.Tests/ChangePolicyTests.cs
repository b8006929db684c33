using Portal.Core.Ops;
using Portal.Core.Tenancy;

namespace Portal.Core.Tests;

public class ChangePolicyTests
{
    private const int Acme = 1, Globex = 2;

    private static ChangeDecision Decide(ChangeKind kind, string role, int? vmTenant, bool customersMayPower = true, int? userTenant = Acme) =>
        ChangePolicy.Decide(kind, [role], role == Roles.Customer ? (userTenant is { } t ? ViewerScope.ForTenant(t) : ViewerScope.Nobody) : ViewerScope.Staff,
            vmTenant, customersMayPower);

    [Theory]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public void Ops_and_admins_change_and_power_every_vm(string role)
    {
        foreach (var kind in Enum.GetValues<ChangeKind>())
        foreach (var tenant in new int?[] { Acme, Globex, null })
            Assert.Equal(ChangeAccess.Allowed, Decide(kind, role, tenant, customersMayPower: false).Access);
    }

    [Fact]
    public void A_customer_powers_their_own_vm_and_changes_nothing_else()
    {
        Assert.Equal(ChangeAccess.Allowed, Decide(ChangeKind.Power, Roles.Customer, Acme).Access);
        Assert.Equal(new ChangeDecision(ChangeAccess.Forbidden, ChangePolicy.ConfigurationReserved), Decide(ChangeKind.Configuration, Roles.Customer, Acme));
    }

    [Fact]
    public void A_customer_may_not_power_when_the_portal_keeps_power_to_staff()
    {
        Assert.Equal(new ChangeDecision(ChangeAccess.Forbidden, ChangePolicy.PowerStaffOnly), Decide(ChangeKind.Power, Roles.Customer, Acme, customersMayPower: false));
    }

    [Theory]
    [InlineData(ChangeKind.Power)]
    [InlineData(ChangeKind.Configuration)]
    public void Another_tenant_s_vm_or_one_of_no_tenant_does_not_exist_for_a_customer(ChangeKind kind)
    {
        Assert.Equal(new ChangeDecision(ChangeAccess.NotFound, ChangePolicy.NotFound), Decide(kind, Roles.Customer, Globex));
        Assert.Equal(ChangeAccess.NotFound, Decide(kind, Roles.Customer, null).Access);
        // A customer without a tenant sees nothing at all.
        Assert.Equal(ChangeAccess.NotFound, Decide(kind, Roles.Customer, Acme, userTenant: null).Access);
    }

    [Theory]
    [InlineData(true, ChangePolicy.PowerReserved)]
    [InlineData(false, ChangePolicy.PowerStaffOnly)]
    public void Support_reads_every_vm_and_powers_none(bool customersMayPower, string reason)
    {
        Assert.Equal(new ChangeDecision(ChangeAccess.Forbidden, reason), Decide(ChangeKind.Power, Roles.Support, Acme, customersMayPower));
        Assert.Equal(new ChangeDecision(ChangeAccess.Forbidden, ChangePolicy.ConfigurationReserved), Decide(ChangeKind.Configuration, Roles.Support, Acme));
    }

    [Fact]
    public void No_role_changes_nothing()
    {
        Assert.False(ChangePolicy.Decide(ChangeKind.Power, [], ViewerScope.ForTenant(Acme), Acme, true).Allowed);
        Assert.False(ChangePolicy.Decide(ChangeKind.Power, [], ViewerScope.Nobody, Acme, true).Allowed);
    }
}
