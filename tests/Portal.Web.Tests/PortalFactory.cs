using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Web.Tests;

/// <summary>The real portal in memory, on a SQLite file of its own, in demo mode unless told otherwise.</summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;

    public PortalFactory() : this(null) { }

    /// <summary>A portal on the given data directory (kept on dispose), e.g. to start it again on the same data.</summary>
    protected PortalFactory(string? dataDirectory)
    {
        KeepData = dataDirectory is not null;
        _dataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "portal-web-test-" + Guid.NewGuid().ToString("N"));
    }

    private bool KeepData { get; }

    public string EnvironmentName { get; init; } = "Development";
    /// <summary>Portal:Demo as set for the test; null leaves the portal's own configuration to decide.</summary>
    public bool? DemoSetting { get; init; } = true;

    public bool Demo { get => DemoSetting == true; init => DemoSetting = value; }

    /// <summary>A PostgreSQL database for the portal instead of its own SQLite file (several portals may share one).</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Extra settings, e.g. Portal:Hosts entries.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        if (DemoSetting is { } demo) builder.UseSetting("Portal:Demo", demo ? "true" : "false");
        builder.UseSetting("Portal:Database:Provider", PostgresConnectionString is null ? "Sqlite" : "Postgres");
        if (PostgresConnectionString is not null) builder.UseSetting("Portal:Database:ConnectionString", PostgresConnectionString);
        builder.UseSetting("Portal:Database:DataDirectory", _dataDirectory);
        // Tests sign in far more often than a person; the throttle's own tests set the production allowance.
        builder.UseSetting("Portal:FrontDoor:SignInBurst", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = true,
    });

    /// <summary>A browser-like client whose cookies are kept in <paramref name="cookies"/>, e.g. to hand them to another portal.</summary>
    public HttpClient NewClient(System.Net.CookieContainer cookies) =>
        CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepData && Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
