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

public class AccountRulesTests
{
    private static readonly AccountRules.Account Me = new("me", Roles.Admin, false);
    private static readonly AccountRules.Account OtherAdmin = new("other", Roles.Admin, false);
    private static readonly AccountRules.Account Customer = new("cust", Roles.Customer, false);

    [Theory]
    [InlineData("ann@umbrella.example", null)]
    [InlineData("", "An email address is needed.")]
    [InlineData("not-an-email", "This is not an email address.")]
    [InlineData("a b@c.example", "This is not an email address.")]
    [InlineData("ann@umbrella.example\u0000", "This is not an email address.")]
    [InlineData("Ann <ann@umbrella.example>", "This is not an email address.")]
    public void Emails_are_checked(string email, string? error) => Assert.Equal(error, AccountRules.EmailError(email));

    [Fact]
    public void An_overlong_email_is_refused() => Assert.NotNull(AccountRules.EmailError(new string('a', 250) + "@x.example"));

    [Theory]
    [InlineData(Roles.Customer, 1, null)]
    [InlineData(Roles.Customer, null, "A customer must belong to a tenant.")]
    [InlineData(Roles.Support, null, null)]
    [InlineData(Roles.Ops, 1, "Staff belong to no tenant: they see every tenant.")]
    [InlineData("Root", null, "Choose a role: Customer, Support, Ops or Admin.")]
    public void Customers_have_one_tenant_and_staff_none(string role, int? tenant, string? error) =>
        Assert.Equal(error, AccountRules.RoleError(role, tenant));

    [Fact]
    public void An_admin_cannot_demote_themself_nor_the_last_admin()
    {
        Assert.NotNull(AccountRules.ChangeError("me", Me, Roles.Ops, activeAdmins: 2));
        Assert.NotNull(AccountRules.ChangeError("me", OtherAdmin, Roles.Ops, activeAdmins: 1));
        Assert.Null(AccountRules.ChangeError("me", OtherAdmin, Roles.Ops, activeAdmins: 2));
        Assert.Null(AccountRules.ChangeError("me", Customer, Roles.Support, activeAdmins: 1));
        Assert.Null(AccountRules.ChangeError("me", OtherAdmin, Roles.Admin, activeAdmins: 1));
    }

    [Fact]
    public void The_last_admin_and_oneself_cannot_be_locked_or_deleted()
    {
        Assert.NotNull(AccountRules.LockError("me", Me, 2));
        Assert.NotNull(AccountRules.DeleteError("me", Me, 2));
        Assert.NotNull(AccountRules.LockError("me", OtherAdmin, 1));
        Assert.NotNull(AccountRules.DeleteError("me", OtherAdmin, 1));
        Assert.Null(AccountRules.LockError("me", OtherAdmin, 2));
        Assert.Null(AccountRules.DeleteError("me", Customer, 1));
        Assert.Null(AccountRules.DeleteError("me", OtherAdmin with { Locked = true }, 1));
    }
}

public class AuditTextTests
{
    [Fact]
    public void Long_texts_are_cut_to_the_cap_and_short_ones_kept()
    {
        Assert.Equal("vdb", Portal.Core.Audit.AuditText.Cap("vdb"));
        Assert.Null(Portal.Core.Audit.AuditText.Cap(null));
        var cut = Portal.Core.Audit.AuditText.Cap(new string('x', 30_000_000))!;
        Assert.Equal(Portal.Core.Audit.AuditText.MaxLength, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_stay_json_with_every_string_capped_wherever_it_is()
    {
        var json = Portal.Core.Audit.AuditText.Parameters(new { serial = new string('s', 5000), nested = new { name = new string('n', 5000), size = 12 }, list = new[] { new string('l', 5000) }, nul = "a\0b" });

        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        var root = parsed.RootElement;
        Assert.Equal(Portal.Core.Audit.AuditText.MaxLength, root.GetProperty("serial").GetString()!.Length);
        Assert.Equal(Portal.Core.Audit.AuditText.MaxLength, root.GetProperty("nested").GetProperty("name").GetString()!.Length);
        Assert.Equal(12, root.GetProperty("nested").GetProperty("size").GetInt32());
        Assert.Equal(Portal.Core.Audit.AuditText.MaxLength, root.GetProperty("list")[0].GetString()!.Length);
        Assert.DoesNotContain('\0', json);
        Assert.True(json.Length <= Portal.Core.Audit.AuditText.MaxParametersLength);
    }

    [Fact]
    public void Many_long_strings_are_cut_shorter_until_the_parameters_fit_their_column()
    {
        var many = Enumerable.Range(0, 60).ToDictionary(i => $"field{i}", _ => new string('x', 5000));

        var json = Portal.Core.Audit.AuditText.Parameters(many);

        Assert.True(json.Length <= Portal.Core.Audit.AuditText.MaxParametersLength, $"{json.Length} characters");
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(60, parsed.RootElement.EnumerateObject().Count());
    }
}
