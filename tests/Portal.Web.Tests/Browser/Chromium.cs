using Microsoft.Playwright;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium under Playwright, shared by the browser tests. Playwright never downloads a browser here;
/// the flags keep Chromium from reaching for the network on its own.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Path = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"{Path} is missing: run the tests with ./test.sh, which installs Debian's chromium.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Where screenshots go: $PORTAL_ARTIFACTS, else artifacts/ at the repository root.</summary>
    public static string ArtifactPath(string name)
    {
        var root = Environment.GetEnvironmentVariable("PORTAL_ARTIFACTS");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
            root = System.IO.Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        }
        var folder = System.IO.Path.Combine(root, "screenshots");
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, name);
    }
}

/// <summary>
/// Browser tests run alone, after the others: the 30-day timing must not share two cores with a dozen portals
/// seeding their demo history in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTests : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
