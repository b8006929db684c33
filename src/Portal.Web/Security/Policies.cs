using Microsoft.AspNetCore.Authorization;
using Portal.Core.Tenancy;

namespace Portal.Web.Security;

/// <summary>Authorization policies; every page and endpoint names one, or falls back to "signed in".</summary>
public static class Policies
{
    /// <summary>Support, Ops and Admin: read every tenant.</summary>
    public const string Staff = nameof(Staff);

    /// <summary>Ops and Admin: change running VMs.</summary>
    public const string Ops = nameof(Ops);

    /// <summary>Admin: users, tenants, hosts.</summary>
    public const string Admin = nameof(Admin);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff));
        options.AddPolicy(Ops, p => p.RequireRole(Roles.Ops, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
