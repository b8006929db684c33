using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Collector;
using Portal.Simulator;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class VmDashboardTests(Chromium chromium) : IAsyncLifetime
{
    private SignedInBrowser _browser = default!;
    private IPage _page = default!;
    private int _vmId;

    public async Task InitializeAsync()
    {
        _browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example", 1400, 1000);
        _page = _browser.Page;
        _vmId = await _browser.Portal.Services.VmIdOfAsync(DemoIncident.VmName);
    }

    public Task DisposeAsync() => _browser.DisposeAsync().AsTask();

    private ILocator Charts => _page.Locator("[data-testid=charts]");

    /// <summary>Every chart drawn for the current load (optionally once the charts meet a condition on their data attributes).</summary>
    private async Task WaitForChartsAsync(string? attributes = null)
    {
        await _page.Locator($"[data-testid=charts][data-loaded=true]{attributes}").WaitForAsync(new() { Timeout = 60_000 });
        try
        {
            await _page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=charts] .apexcharts-svg').length === 7", null, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var drawn = await _page.EvaluateAsync<string>("() => [...document.querySelectorAll('[data-chart]')].map(c => c.dataset.chart + ':' + c.querySelectorAll('.apexcharts-svg').length + ':' + c.dataset.revision).join(' ')");
            await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("charts-timeout.png"), FullPage = true });
            throw new TimeoutException($"charts not drawn: {drawn}");
        }
    }

    /// <summary>What the charts were drawn from, read again from the JSON API with the same range, width and aggregate.</summary>
    private async Task<JsonElement> DrawnDataAsync()
    {
        var parts = new List<string>();
        foreach (var name in new[] { "from", "to", "points", "agg" })
            parts.Add($"{name}={Uri.EscapeDataString((await Charts.GetAttributeAsync($"data-{name}"))!)}");
        var query = string.Join('&', parts);
        var response = await _page.APIRequest.GetAsync($"/api/vms/{_vmId}/metrics?{query}");
        Assert.True(response.Ok, $"metrics API answered {response.Status}");
        Assert.Equal(_vmId.ToString(CultureInfo.InvariantCulture), await Charts.GetAttributeAsync("data-vm"));
        return JsonDocument.Parse(await response.TextAsync()).RootElement;
    }

    [Fact]
    public async Task The_customer_finds_the_incident_zooms_to_raw_samples_sees_the_annotations_and_exports_csv()
    {
        await _browser.GotoAsync($"/vms/{_vmId}?range=7d");
        await WaitForChartsAsync();
        await _browser.SetMarkerAsync();
        var week = await DrawnDataAsync();

        // The week's view: raw samples folded to the chart's width; the incident is in what the browser drew: swap tens
        // of times its usual level, and network traffic well below the same time a day earlier.
        Assert.Equal("raw", week.GetProperty("tier").GetString());
        Assert.Equal(week.GetProperty("step").GetInt64().ToString(CultureInfo.InvariantCulture), await Charts.GetAttributeAsync("data-step"));
        var incident = DemoIncident.TwoDaysBefore(DateTime.UtcNow);
        var swap = Sum(week, "swapOut");
        var net = Sum(week, "netTx");
        var perDay = (int)(86_400_000 / week.GetProperty("step").GetInt64());
        var storm = Array.FindIndex(swap, v => v > 20 * Median(swap));
        var drop = Enumerable.Range(perDay, net.Length - perDay).First(i => net[i] < 0.6 * net[i - perDay]);
        Assert.InRange(At(week, storm), incident.PressureFrom, incident.Restarted);
        Assert.InRange(At(week, drop), incident.PressureFrom, incident.Restarted);
        await Assertions.Expect(_page.GetByTestId("chart-status")).ToContainTextAsync("Europe/Berlin");
        await Assertions.Expect(_page.GetByTestId("chart-status")).ToContainTextAsync(" min (");
        await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("dashboard-7d.png"), FullPage = true });

        // Zoom the CPU chart into 20:30-21:15 of that day: every chart re-queries and gets raw 5-minute samples.
        var from = new DateTimeOffset(incident.DayUtc.AddHours(20).AddMinutes(30)).ToUnixTimeMilliseconds();
        var to = new DateTimeOffset(incident.DayUtc.AddHours(21).AddMinutes(15)).ToUnixTimeMilliseconds();
        var revision = await Charts.GetAttributeAsync("data-revision");
        await _page.EvaluateAsync($"() => ApexCharts.exec('vm-cpu', 'zoomX', {from}, {to})");
        await _page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=charts]').dataset.revision !== '{revision}'", null, new() { Timeout = 60_000 });
        await WaitForChartsAsync("[data-step='300000']");
        var zoomed = await DrawnDataAsync();
        Assert.Equal("raw", zoomed.GetProperty("tier").GetString());
        Assert.True(zoomed.GetProperty("points").GetInt32() is >= 9 and <= 10, $"{_page.Url} {await Charts.GetAttributeAsync("data-from")} {await Charts.GetAttributeAsync("data-to")} {zoomed.GetProperty("points")}");
        // On raw samples the order is plain: swap storms first (20:45), the network falls after (20:50).
        var rawSwap = Sum(zoomed, "swapOut");
        var rawNet = Sum(zoomed, "netTx");
        var swapClimb = At(zoomed, Array.FindIndex(rawSwap, v => v > 10 * rawSwap[0]));
        var networkFall = At(zoomed, Array.FindIndex(rawNet, v => v < 0.1 * rawNet[0]));
        Assert.True(swapClimb < networkFall, $"swap climbs at {swapClimb:HH:mm}, network falls at {networkFall:HH:mm}");
        Assert.Contains("from=", _page.Url, StringComparison.Ordinal);
        var cpuChart = _page.Locator("[data-chart=cpu]");
        await Assertions.Expect(cpuChart.Locator(".apexcharts-xaxis-annotations")).ToContainTextAsync("Restarted");
        await Assertions.Expect(cpuChart.Locator(".apexcharts-xaxis-annotations")).ToContainTextAsync("Memory changed");
        await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Reset zoom" })).ToBeEnabledAsync();
        await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("dashboard-incident-zoom.png"), FullPage = true });

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("time_utc,\"cpu (%)\"", csv[0], StringComparison.Ordinal);
        Assert.Equal(zoomed.GetProperty("points").GetInt32() + 1, csv.Length);
        Assert.Contains(csv, line => line.StartsWith(incident.DayUtc.AddHours(20).AddMinutes(50).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // Back out of the zoom: the week again, still the same page.
        await _page.GetByRole(AriaRole.Button, new() { Name = "Reset zoom" }).ClickAsync();
        await Assertions.Expect(Charts).Not.ToHaveAttributeAsync("data-step", "300000", new() { Timeout = 30_000 });
        Assert.Contains("range=7d", _page.Url, StringComparison.Ordinal);
        Assert.True(await _browser.MarkerSurvivedAsync(), "zoom, CSV and reset must not reload the page");
    }

    [Fact]
    public async Task A_thirty_day_dashboard_uses_the_hourly_tier_and_its_timing_is_recorded()
    {
        // Warm the server (first requests JIT the endpoints); then time what a returning user waits for.
        await _browser.GotoAsync($"/vms/{_vmId}?range=30d");
        await WaitForChartsAsync();
        var timings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await _page.GotoAsync($"/vms/{_vmId}?range=30d");
            await WaitForChartsAsync();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        var median = timings.Order().ElementAt(2);
        // A figure for the record (the benchmark in bench/ is the measurement): machines here vary by 2x.
        await File.WriteAllTextAsync(Chromium.ArtifactPath("dashboard-30d-timing.txt"),
            $"30-day dashboard, navigation to 7 charts drawn, median of 5: {median:0} ms ({string.Join(", ", timings.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})");
        Assert.Equal("hourly", await Charts.GetAttributeAsync("data-tier"));
        Assert.InRange(int.Parse((await Charts.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture), 60, 1000);
        await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("dashboard-30d.png"), FullPage = true });
    }

    [Fact]
    public async Task The_vm_list_shows_24_hour_trend_lines_and_sorts_in_the_database()
    {
        await _browser.GotoAsync("/vms?sort=memory&desc=true");

        var running = DemoFleet.Vms.Count(v => v.Tenant == "acme" && v.InitialState == Core.Inventory.VmState.Running);
        await Assertions.Expect(_page.Locator("[data-testid=vm-list] svg.sparkline")).ToHaveCountAsync(running * 2, new() { Timeout = 30_000 });
        var names = await _page.Locator("[data-testid=vm-list] a[data-vm]").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.vm)");
        var memory = DemoFleet.Vms.ToDictionary(v => v.Name, v => v.MemoryKiB);
        Assert.Equal(names.Select(n => memory[n]).OrderDescending(), names.Select(n => memory[n]));
        await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("vm-list-trends.png"), FullPage = true });
    }

    [Fact]
    public async Task A_vm_without_recent_data_says_so_and_the_page_fits_a_tablet()
    {
        await _page.SetViewportSizeAsync(820, 1180);
        await _browser.GotoAsync("/vms");
        await _page.GetByRole(AriaRole.Link, new() { Name = "shop-staging-01" }).ClickAsync();

        // Shut off five days ago: nothing in the last 24 hours.
        await Assertions.Expect(_page.GetByTestId("charts-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(_page.GetByTestId("charts-empty")).ToContainTextAsync("No data for this range yet");
        var overflow = await _page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page must not scroll sideways on a tablet");
        await _page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("dashboard-tablet-empty.png"), FullPage = true });
    }

    [Fact]
    public async Task A_page_open_while_the_collector_sweeps_draws_the_new_samples_without_a_reload()
    {
        await _browser.GotoAsync($"/vms/{_vmId}?range=1h");
        await WaitForChartsAsync();
        await _browser.SetMarkerAsync();
        var revision = int.Parse((await Charts.GetAttributeAsync("data-revision"))!, CultureInfo.InvariantCulture);

        var sweepAt = DateTime.UtcNow;
        await _browser.Portal.Services.GetRequiredService<CollectorService>().SweepOnceAsync();

        await _page.WaitForFunctionAsync($"() => Number(document.querySelector('[data-testid=charts]').dataset.revision) > {revision}", null, new() { Timeout = 30_000 });
        await WaitForChartsAsync();
        var lastPoint = DateTime.UnixEpoch.AddMilliseconds(long.Parse((await Charts.GetAttributeAsync("data-last-time"))!, CultureInfo.InvariantCulture));
        var step = TimeSpan.FromMilliseconds(long.Parse((await Charts.GetAttributeAsync("data-step"))!, CultureInfo.InvariantCulture));
        Assert.InRange(lastPoint, sweepAt - step - step, sweepAt + step);
        Assert.True(await _browser.MarkerSurvivedAsync(), "new samples must arrive without a reload");
    }

    /// <summary>A metric summed over its devices, NaN for gaps.</summary>
    private static double[] Sum(JsonElement payload, string metric) => payload.GetProperty("series").EnumerateArray()
        .Where(s => s.GetProperty("metric").GetString() == metric)
        .Select(s => s.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray())
        .Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());

    private static DateTime At(JsonElement payload, int index) =>
        DateTime.UnixEpoch.AddMilliseconds(payload.GetProperty("start").GetInt64() + index * payload.GetProperty("step").GetInt64());

    private static double Median(double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return present[present.Length / 2];
    }
}
