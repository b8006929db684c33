using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Data;
using Portal.Web.Features.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

/// <summary>What the admin pages' buttons do, against the portal's own services (each call in a scope of its own, as a circuit's).</summary>
internal static class AdminCalls
{
    public static readonly Uri PortalUri = new("https://portal.example/");

    public static Task<AdminOutcome> CreateTenantAsync(this PortalFactory portal, ClaimsPrincipal actor, string? name, string? slug) =>
        portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.CreateAsync(actor, name, slug));

    public static async Task<int> TenantIdAsync(this PortalFactory portal, string slug) =>
        await portal.CallAsync<PortalDbContext, int>(db => db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    public static Task<AdminOutcome> InviteAsync(this PortalFactory portal, ClaimsPrincipal actor, string email, string role, int? tenantId) =>
        portal.CallAsync<UserAdministration, AdminOutcome>(u => u.InviteAsync(actor, email, role, tenantId, PortalUri));

    public static Task<IReadOnlyList<VmAssignments.VmOutcome>> AssignAsync(this PortalFactory portal, ClaimsPrincipal actor, int? tenantId, params int[] vmIds) =>
        portal.CallAsync<VmAssignments, IReadOnlyList<VmAssignments.VmOutcome>>(a => a.AssignAsync(actor, vmIds, tenantId));

    public static Task<string> UserIdAsync(this PortalFactory portal, string email) =>
        portal.CallAsync<PortalDbContext, string>(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>The newest audit entry of an action (entries are the evidence that an attempt happened).</summary>
    public static Task<AuditEntry?> LastAuditAsync(this PortalFactory portal, string action) =>
        portal.CallAsync<PortalDbContext, AuditEntry?>(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == action)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync());

    /// <summary>Whether an open page signed in as <paramref name="principal"/> passes the minute's revalidation.</summary>
    public static async Task<bool> IsCurrentAsync(this PortalFactory portal, ClaimsPrincipal principal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Data.Identity.PortalUser>>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.IdentityOptions>>();
        return await Portal.Web.Security.RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, options.Value.ClaimsIdentity);
    }

    public static Task<int> AuditCountAsync(this PortalFactory portal) =>
        portal.CallAsync<PortalDbContext, int>(db => db.AuditEntries.CountAsync());

    /// <summary>Tenants, accounts, roles and VM ownership as they stand: a refused action must leave this unchanged.</summary>
    public static Task<string> TenancySnapshotAsync(this PortalFactory portal) =>
        portal.CallAsync<PortalDbContext, string>(async db =>
        {
            var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Slug}:{t.Name}:{t.Disabled}").ToListAsync();
            var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => $"{u.Email}:{u.TenantId}:{u.LockoutEnd}:{u.SecurityStamp}:{u.TwoFactorEnabled}").ToListAsync();
            var roles = await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => r.UserId + r.RoleId).ToListAsync();
            var vms = await db.Vms.AsNoTracking().OrderBy(v => v.Id).Select(v => $"{v.Id}:{v.TenantId}").ToListAsync();
            var periods = await db.VmOwnerships.AsNoTracking().OrderBy(o => o.Id).Select(o => $"{o.VmId}:{o.TenantId}:{o.FromUtc}:{o.ToUtc}").ToListAsync();
            return string.Join("\n", tenants.Concat(users).Concat(roles).Concat(vms).Concat(periods));
        });
}
