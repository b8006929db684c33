using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

// Usage: dotnet run -c Release --project bench/Portal.Bench.Browser -- [--runs 10] [--users 200] [--requests 25] [--pages 50]
// Starts the built portal (src/Portal.Web, Release) on its demo data in a fresh directory, then measures what people
// wait for in Debian's Chromium, what 200 users at once get from the server, and what an open page costs the server.
var runs = Number("--runs", 10);
var users = Number("--users", 200);
var requestsPerUser = Number("--requests", 25);
var pages = Number("--pages", 50);
var report = new StringBuilder();
void Say(string line)
{
    Console.WriteLine(line);
    report.AppendLine(line);
}

var root = RepositoryRoot();
// --portal DIR measures another build of the portal (e.g. an older commit's, for a before-and-after).
var portalDll = Path.Combine(Text("--portal", root), "src/Portal.Web/bin/Release/net10.0/Portal.Web.dll");
if (!File.Exists(portalDll)) throw new InvalidOperationException($"Build the portal first: dotnet build -c Release ({portalDll} is missing).");
var port = FreePort();
var data = Directory.CreateTempSubdirectory("portal-bench-ui-").FullName;
using var portal = StartPortal(portalDll, port, data);
var baseUrl = $"http://127.0.0.1:{port}";
await WaitForHealthAsync(baseUrl);

Say("# Web UI benchmark");
Say("");
Say($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Chromium {ChromiumVersion()}, {DateTime.UtcNow:yyyy-MM-dd}.");
Say($"Command: `dotnet run -c Release --project bench/Portal.Bench.Browser -- {string.Join(' ', args)}`");
Say("Data: the demo (12 VMs, 30 days of 5-minute samples), the portal built in Release, Development environment, SQLite.");
Say("");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
var page = await context.NewPageAsync();
await SignInAsync(page, "alice@acme.example");
var vmId = int.Parse((await page.Locator("[data-testid=vm-list] a", new() { HasText = "shop-web-01" }).First.GetAttributeAsync("href"))!.Split('/')[^1], CultureInfo.InvariantCulture);

// 1. Time to first paint and to fully drawn, in Chromium (median of N navigations after a warm-up).
Say($"## Chromium: navigation to first paint and to fully drawn (median of {runs}, after one warm-up)");
Say("");
Say("| page | first contentful paint ms | fully drawn ms | what fully drawn means |");
Say("| --- | --- | --- | --- |");
foreach (var (name, url, ready, meaning) in new[]
{
    ("VM list", "/vms", "() => document.querySelectorAll('[data-testid=vm-list] svg.sparkline').length > 0", "rows with their 24-hour trend lines"),
    ("30-day dashboard", $"/vms/{vmId}?range=30d", "() => document.querySelectorAll('.apexcharts-svg').length === 7", "all 7 charts drawn"),
})
{
    var paints = new List<double>();
    var drawn = new List<double>();
    for (var r = 0; r <= runs; r++)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync(ready, null, new() { Timeout = 60_000 });
        var total = watch.Elapsed.TotalMilliseconds;
        var paint = await page.EvaluateAsync<double>("() => (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: 0 }).startTime");
        if (r == 0) continue;
        paints.Add(paint);
        drawn.Add(total);
    }
    Say(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(paints):0} | {Median(drawn):0} | {meaning} |"));
}
Say("");

// 2. Many users at once against the server: prerendered pages and the metrics API, with one signed-in cookie.
var cookies = await context.CookiesAsync();
var jar = new CookieContainer();
foreach (var cookie in cookies) jar.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, "127.0.0.1"));
using var handler = new SocketsHttpHandler { CookieContainer = jar, MaxConnectionsPerServer = users, AllowAutoRedirect = false };
using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
Say($"## {users} concurrent users, {requestsPerUser} requests each");
Say("");
Say("| request | requests | errors | requests/s | p50 ms | p95 ms |");
Say("| --- | --- | --- | --- | --- | --- |");
foreach (var (name, url) in new[] { ("prerendered VM page", $"/vms/{vmId}?range=24h"), ("metrics API, 24 h", $"/api/vms/{vmId}/metrics?points=600") })
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var errors = 0;
    var all = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
    {
        for (var r = 0; r < requestsPerUser; r++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
    }));
    var sorted = latencies.Order().ToArray();
    Say(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {sorted.Length} | {errors} | {sorted.Length / all.Elapsed.TotalSeconds:0} | {sorted[sorted.Length / 2]:0} | {sorted[(int)(sorted.Length * 0.95)]:0} |"));
}
Say("");

// 3. What an open page costs the server: N VM pages open at once in Chromium, the process's resident memory before and after.
GC.Collect();
await Task.Delay(TimeSpan.FromSeconds(2));
var before = ResidentMiB(portal.Id);
var open = new List<IPage>();
for (var p = 0; p < pages; p++)
{
    var tab = await context.NewPageAsync();
    await tab.GotoAsync($"/vms/{vmId}?range=24h");
    await tab.WaitForFunctionAsync("() => document.querySelectorAll('.apexcharts-svg').length === 7", null, new() { Timeout = 120_000 });
    open.Add(tab);
}
var after = ResidentMiB(portal.Id);
Say($"## Server memory per open page ({pages} VM pages open at once, each a circuit)");
Say("");
Say(string.Create(CultureInfo.InvariantCulture, $"Resident memory of the portal process: {before:0} MiB before, {after:0} MiB with {pages} pages open: about {(after - before) / pages:0.0} MiB per open page."));
foreach (var tab in open) await tab.CloseAsync();

portal.Kill(entireProcessTree: true);
var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
var file = Path.Combine(results, Text("--report", "web-ui") + ".md");
await File.WriteAllTextAsync(file, report.ToString());
Console.WriteLine($"Written to {file}");
Directory.Delete(data, recursive: true);

int Number(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string Text(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartPortal(string dll, int port, string data)
{
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(dll);
    start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
    start.ArgumentList.Add($"--Portal:Database:DataDirectory={data}");
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitForHealthAsync(string baseUrl)
{
    using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    for (var attempt = 0; attempt < 240; attempt++)
    {
        try
        {
            if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }
        await Task.Delay(500);
    }
    throw new TimeoutException("The portal did not answer /healthz within two minutes.");
}

static async Task SignInAsync(IPage page, string email)
{
    await page.GotoAsync("/account/login");
    await page.GetByLabel("Email").FillAsync(email);
    await page.GetByLabel("Password").FillAsync("Demo-portal-2026");
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.Locator("[data-testid=vm-list] a", new() { HasText = "shop-web-01" }).First.WaitForAsync(new() { Timeout = 60_000 });
}

static double ResidentMiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture) / 1024;
}

static string ChromiumVersion()
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/chromium", "--version") { RedirectStandardOutput = true })!;
        return process.StandardOutput.ReadToEnd().Trim();
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "(not found)";
    }
}
