using Portal.Core.Tenancy;

namespace Portal.Core.Tests;

public class TenancyTests
{
    [Fact]
    public void A_customer_sees_only_their_tenant()
    {
        var scope = ViewerScope.ForTenant(7);

        Assert.True(scope.CanSee(7));
        Assert.False(scope.CanSee(8));
        Assert.False(scope.CanSee(null));
    }

    [Fact]
    public void Staff_see_every_tenant_and_unassigned_vms()
    {
        Assert.True(ViewerScope.Staff.CanSee(1));
        Assert.True(ViewerScope.Staff.CanSee(null));
    }

    [Fact]
    public void Nobody_sees_nothing() => Assert.False(ViewerScope.Nobody.CanSee(null) || ViewerScope.Nobody.CanSee(1));

    [Theory]
    [InlineData("acme", true)]
    [InlineData("acme-2", true)]
    [InlineData("-acme", false)]
    [InlineData("Acme", false)]
    [InlineData("a\"b", false)]
    [InlineData("", false)]
    public void Slugs_are_url_and_xml_safe(string slug, bool valid) => Assert.Equal(valid, TenantSlug.IsValid(slug));

    [Fact]
    public void Slugs_are_normalized_or_refused()
    {
        Assert.Equal("acme", new Tenant(" ACME ", "Acme").Slug);
        Assert.Throws<ArgumentException>(() => new Tenant("not a slug", "x"));
    }
}
