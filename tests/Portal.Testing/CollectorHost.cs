using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Collector;
using Portal.Data;

namespace Portal.Testing;

/// <summary>The collector wired as the portal wires it, on a test database, without starting its timers.</summary>
public sealed class CollectorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CollectorHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public CollectorService Collector => Services.GetRequiredService<CollectorService>();

    public static async Task<CollectorHost> StartAsync(TestDatabase database, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = database.Provider.ToString(),
            ["Portal:Database:ConnectionString"] = database.ConnectionString,
            ["Portal:Metrics:Interval"] = "00:01:00",
        });
        if (clock is not null) builder.Services.AddSingleton(clock);
        builder.AddPortalData();
        builder.AddHypervisors();
        builder.AddCollector();
        var host = builder.Build();
        await host.Services.MigratePortalDatabaseAsync();
        return new CollectorHost(host);
    }

    public async Task<T> InScopeAsync<T>(Func<PortalDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
    }
}
