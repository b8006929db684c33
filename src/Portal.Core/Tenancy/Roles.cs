namespace Portal.Core.Tenancy;

/// <summary>The portal's roles. Ops includes everything Support may do; Admin manages users, tenants and hosts.</summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string Support = "Support";
    public const string Ops = "Ops";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Customer, Support, Ops, Admin];

    /// <summary>Roles that see every tenant.</summary>
    public static readonly IReadOnlyList<string> Staff = [Support, Ops, Admin];
}
