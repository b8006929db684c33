using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Web.Features.Admin;

/// <summary>Tenants as admins run them: create, rename, disable (its customers' sessions end), with counts for the list.</summary>
public sealed class TenantAdministration(IServiceScopeFactory scopes, AdminAudit audit)
{
    public sealed record TenantRow(int Id, string Slug, string Name, bool Disabled, int Vms, int Users);

    public async Task<IReadOnlyList<TenantRow>> ListAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (!AdminAudit.MayAdminister(actor)) return [];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Tenants.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TenantRow(t.Id, t.Slug, t.Name, t.Disabled,
                db.Vms.Count(v => v.TenantId == t.Id && v.Present), db.Users.Count(u => u.TenantId == t.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<AdminOutcome> CreateAsync(ClaimsPrincipal actor, string? name, string? slug)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var request = new { name = AdminAudit.Cap(name), slug = AdminAudit.Cap(slug) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.CreateTenant, request, AdminAudit.NotAllowed);
        if ((TenantRules.NameError(name) ?? TenantRules.SlugError(slug)) is { } invalid)
            return await audit.RefuseAsync(db, actor, AuditActions.CreateTenant, request, invalid);
        var normalized = slug!.Trim().ToLowerInvariant();
        if (await db.Tenants.AnyAsync(t => t.Slug == normalized))
            return await audit.RefuseAsync(db, actor, AuditActions.CreateTenant, request, $"A tenant with the short name '{normalized}' exists already.");

        var tenant = new Tenant(normalized, name!);
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // Two admins at once: the unique index decides.
            return await audit.RefuseAsync(db, actor, AuditActions.CreateTenant, request, $"A tenant with the short name '{normalized}' exists already.");
        }
        var summary = $"Tenant {tenant.Name} ({tenant.Slug}) created.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.CreateTenant, request, AuditOutcome.Succeeded, summary: summary, tenantId: tenant.Id));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    public async Task<AdminOutcome> RenameAsync(ClaimsPrincipal actor, int tenantId, string? name)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var request = new { tenantId, name = AdminAudit.Cap(name) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.RenameTenant, request, AdminAudit.NotAllowed);
        if (await db.Tenants.FindAsync(tenantId) is not { } tenant)
            return await audit.RefuseAsync(db, actor, AuditActions.RenameTenant, request, "There is no such tenant.");
        if (TenantRules.NameError(name) is { } invalid)
            return await audit.RefuseAsync(db, actor, AuditActions.RenameTenant, request, invalid, tenantId);
        var before = tenant.Name;
        tenant.Rename(name!);
        var summary = $"Tenant {before} renamed to {tenant.Name}.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.RenameTenant, request, AuditOutcome.Succeeded, summary: summary, tenantId: tenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    /// <summary>A disabled tenant's customers cannot sign in, and their open sessions end at the next check (a minute).</summary>
    public async Task<AdminOutcome> SetDisabledAsync(ClaimsPrincipal actor, int tenantId, bool disabled)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var action = disabled ? AuditActions.DisableTenant : AuditActions.EnableTenant;
        var request = new { tenantId };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, action, request, AdminAudit.NotAllowed);
        if (await db.Tenants.FindAsync(tenantId) is not { } tenant)
            return await audit.RefuseAsync(db, actor, action, request, "There is no such tenant.");

        tenant.SetDisabled(disabled);
        await db.SaveChangesAsync(CancellationToken.None);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var customer in await db.Users.Where(u => u.TenantId == tenantId).ToListAsync())
            await users.UpdateSecurityStampAsync(customer);
        var summary = disabled ? $"Tenant {tenant.Name} disabled: its customers are signed out." : $"Tenant {tenant.Name} enabled again.";
        db.AuditEntries.Add(audit.Entry(actor, action, request, AuditOutcome.Succeeded, summary: summary, tenantId: tenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }
}
