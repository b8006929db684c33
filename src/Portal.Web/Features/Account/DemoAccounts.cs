using Portal.Core.Tenancy;

namespace Portal.Web.Features.Account;

/// <summary>The demo's accounts, one per role (customers for two tenants). Created only in demo mode.</summary>
public static class DemoAccounts
{
    /// <summary>Shown on the sign-in page in demo mode; never used outside it.</summary>
    public const string DemoPassword = "Demo-portal-2026";

    public sealed record Account(string Email, string DisplayName, string Role, string? TenantSlug);

    public static readonly IReadOnlyList<Account> All =
    [
        new("alice@acme.example", "Alice (Acme Shop)", Roles.Customer, "acme"),
        new("gus@globex.example", "Gus (Globex Analytics)", Roles.Customer, "globex"),
        new("support@portal.example", "Sam from Support", Roles.Support, null),
        new("ops@portal.example", "Olga from Ops", Roles.Ops, null),
        new("admin@portal.example", "Ada the Admin", Roles.Admin, null),
    ];
}
