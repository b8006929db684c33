using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Simulator;

namespace Portal.Web.Features.Account;

/// <summary>Creates the demo tenants, simulated hosts and accounts; safe to run on every start.</summary>
public sealed class DemoSeeder(PortalDbContext db, UserManager<PortalUser> users)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (slug, name) in DemoFleet.Tenants)
        {
            if (!await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken)) db.Tenants.Add(new Tenant(slug, name));
        }
        foreach (var (name, uri) in DemoFleet.Hosts)
        {
            if (!await db.Hosts.AnyAsync(h => h.Name == name, cancellationToken)) db.Hosts.Add(new HypervisorHost(name, uri));
        }
        await db.SaveChangesAsync(cancellationToken);

        var tenantIds = await db.Tenants.ToDictionaryAsync(t => t.Slug, t => t.Id, cancellationToken);
        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is not null) continue;
            var user = new PortalUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.DisplayName,
                TenantId = account.TenantSlug is null ? null : tenantIds[account.TenantSlug],
            };
            await IdentityChecks.EnsureAsync(users.CreateAsync(user, DemoAccounts.DemoPassword));
            await IdentityChecks.EnsureAsync(users.AddToRoleAsync(user, account.Role));
        }
    }
}
