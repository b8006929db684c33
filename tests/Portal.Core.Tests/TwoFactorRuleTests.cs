using Portal.Core.Audit;
using Portal.Core.Security;
using Portal.Core.Tenancy;

namespace Portal.Core.Tests;

public class TwoFactorRuleTests
{
    [Theory]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public void Staff_without_two_factor_must_enroll_when_the_portal_requires_it(string role)
    {
        Assert.True(TwoFactorRule.NeedsEnrollment([role], enrolled: false, requiredForStaff: true));
        Assert.False(TwoFactorRule.NeedsEnrollment([role], enrolled: true, requiredForStaff: true));
        Assert.False(TwoFactorRule.NeedsEnrollment([role], enrolled: false, requiredForStaff: false));
    }

    [Fact]
    public void Customers_are_never_made_to_enroll()
    {
        Assert.False(TwoFactorRule.NeedsEnrollment([Roles.Customer], enrolled: false, requiredForStaff: true));
        Assert.False(TwoFactorRule.NeedsEnrollment([], enrolled: false, requiredForStaff: true));
    }

    [Fact]
    public void One_staff_role_among_others_is_enough()
    {
        Assert.True(TwoFactorRule.NeedsEnrollment([Roles.Customer, Roles.Support], enrolled: false, requiredForStaff: true));
    }

    [Fact]
    public void Role_names_match_exactly()
    {
        // Role claims carry Identity's stored names; a look-alike is not a staff role.
        Assert.False(TwoFactorRule.NeedsEnrollment(["support", "ADMIN", "Ops "], enrolled: false, requiredForStaff: true));
    }

    [Fact]
    public void Every_action_is_in_one_group_listed_for_the_filter_and_described()
    {
        Assert.Equal(AuditActions.All.Order(), AuditActions.VmOperations.Concat(AuditActions.Administration).Concat(AuditActions.Account).Order());
        Assert.All(AuditActions.All, a => Assert.NotEqual(a, AuditActions.Describe(a)));
        Assert.Equal(AuditActions.All.Count, AuditActions.All.Distinct().Count());
        Assert.All(AuditActions.All, a => Assert.True(a.Length <= 60)); // the column's length
    }
}
