using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Collector;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Features.Account;

namespace Portal.Web.Hosting;

public static class PortalInitializer
{
    /// <summary>
    /// Runs before the server accepts requests: migrations, roles, configured hosts, the demo accounts when enabled,
    /// a first inventory of every enabled host (a host that does not answer in time is left for later), and on the
    /// demo's first start its 30 days of history.
    /// </summary>
    public static async Task InitializePortalAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.MigratePortalDatabaseAsync(cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<PortalOptions>>().Value;
        var db = provider.GetRequiredService<PortalDbContext>();

        await EnsureRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole>>());
        await EnsureConfiguredHostsAsync(db, options, cancellationToken);
        if (options.Demo) await provider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);

        var hostIds = await db.Hosts.Where(h => h.Enabled).Select(h => h.Id).ToListAsync(cancellationToken);
        // All at once: start-up waits for the slowest host (at most the timeout), not for the sum of them.
        await Task.WhenAll(hostIds.Select(id => FirstInventoryAsync(services, id, options.FirstInventoryTimeout, cancellationToken)));
        if (options.Demo) await provider.GetRequiredService<DemoHistorySeeder>().SeedAsync(cancellationToken);
    }

    private static async Task FirstInventoryAsync(IServiceProvider services, int hostId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var host = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Hosts.SingleAsync(h => h.Id == hostId, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await scope.ServiceProvider.GetRequiredService<InventorySync>().SyncHostAsync(host, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Left to the collector: a slow host must not hold the portal's start-up.
        }
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    private static async Task EnsureConfiguredHostsAsync(PortalDbContext db, PortalOptions options, CancellationToken cancellationToken)
    {
        foreach (var entry in options.Hosts)
        {
            if (!await db.Hosts.AnyAsync(h => h.Name == entry.Name, cancellationToken))
                db.Hosts.Add(new HypervisorHost(entry.Name, entry.Uri));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
