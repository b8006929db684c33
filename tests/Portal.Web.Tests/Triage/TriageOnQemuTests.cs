using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Core.Metrics;
using Portal.Core.Triage;
using Portal.Libvirt;
using Portal.Testing;
using Portal.Web.Features.Triage;
using Portal.Web.Features.Vms.Metrics;
using Portal.Web.Security;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Triage;

/// <summary>
/// A real QEMU guest that runs out of memory (scripts/build-test-guest.sh's out-of-memory variant): calm for a minute
/// and a half while its small service pings the host side of its tap, then it fills a tmpfs beyond its RAM and swaps
/// to a disk the host throttles. The portal collects it every 10 s; the triage of a window from just before the
/// filling (the calm spell is its baseline) names memory first.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class TriageOnQemuTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>From the guest starting to fill its memory to the portal naming it, under software emulation.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "portal-qemu-triage-" + Guid.NewGuid().ToString("N"));
    private QemuGuest _guest = default!;
    private PortalOnData _portal = default!;

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        // The portal first, so that its collector sees the guest's calm minute from the start.
        _portal = new PortalOnData(_dataDirectory)
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:Hosts:0:Name"] = "local",
                ["Portal:Hosts:0:Uri"] = QemuGuest.Uri,
                ["Portal:FirstInventoryTimeout"] = "00:02:00",
                ["Portal:Metrics:Interval"] = "00:00:10",
            },
        };
        _ = _portal.Services;
        _guest = await QemuGuest.BootOutOfMemoryAsync("oom", new QemuGuest.OutOfMemory(CalmSeconds: 90));
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (_guest is not null) await _guest.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_real_guest_that_runs_out_of_memory_is_triaged_memory_first()
    {
        var support = await _portal.UserAsync("support@portal.example");
        var start = DateTime.UtcNow;
        var vmId = await AfterSweepsUntilAsync(() => _portal.CallAsync<Portal.Data.PortalDbContext, int?>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.Vms.Where(v => v.Name == _guest.Name).Select(v => (int?)v.Id))), "the guest in the inventory");
        await _guest.WaitForConsoleAsync(line => line == "PORTAL-OOM-FILLING");
        var filling = DateTime.UtcNow;
        // The service got answers from the host side of its tap while the guest was calm: traffic both ways.
        var calm = (await _portal.CallAsync<VmSeries, VmSeriesResult?>(s => s.ReadAsync(support.Scope(), vmId, start, filling, 100, MetricAggregate.Average)))!;
        var received = calm.Set.Series.Where(x => x.Key.Metric == Metric.NetRxBytesPerSecond).SelectMany(x => x.Values).Where(v => !float.IsNaN(v)).ToList();
        Assert.True(received.Count > 0 && received.Max() > 500, $"the guest received {string.Join(", ", received)} B/s while calm: are its pings answered?");

        var report = await TriageUntilAsync(vmId, support, filling.AddSeconds(-40),
            r => r.Findings.Any(f => f is { Resource: FindingResource.Memory, Kind: FindingKind.Cause }));

        output.WriteLine(report.Summary);
        foreach (var f in report.Findings) output.WriteLine($"- {f.Kind} {f.Title}: {f.Sentence} [{string.Join("; ", f.Evidence.Select(e => e.Text))}]");
        foreach (var c in report.Changes) output.WriteLine($"  {c.Signal}: {c.Change.Before:0.##} → {c.Change.After:0.##} from {c.Change.OnsetUtc:HH:mm:ss}");
        var first = report.Findings[0];
        Assert.True(first is { Resource: FindingResource.Memory, Kind: FindingKind.Cause }, $"first: {first.Title}. {report.Summary}");
        Assert.True(first.OnsetUtc >= filling.AddSeconds(-20), $"memory onset {first.OnsetUtc:O}, the guest started filling at {filling:O}");
        Assert.Equal(RecommendationAction.RaiseMemory, first.Recommendation!.Action);
        Assert.True(first.Recommendation.MemoryKiB > QemuGuest.MemoryKiB, first.Recommendation.Text);
        Assert.StartsWith("Out of memory", report.Summary, StringComparison.Ordinal);
    }

    /// <summary>What <paramref name="read"/> gives once it gives something, read again after every sweep.</summary>
    private async Task<int> AfterSweepsUntilAsync(Func<Task<int?>> read, string what)
    {
        var sweeps = Channel.CreateUnbounded<FleetChange>();
        using var subscription = _portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Kind == FleetChangeKind.Samples) sweeps.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        try
        {
            while (true)
            {
                if (await read() is { } found) return found;
                await sweeps.Reader.ReadAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"No sign of {what} within {QemuGuest.Patience}.");
            throw;
        }
    }

    /// <summary>
    /// The VM's triage from <paramref name="fromUtc"/> to now, again after every sweep the collector writes for it,
    /// until <paramref name="done"/> holds (or the patience runs out, with the last summary in the failure).
    /// </summary>
    private async Task<TriageReport> TriageUntilAsync(int vmId, System.Security.Claims.ClaimsPrincipal user, DateTime fromUtc, Func<TriageReport, bool> done)
    {
        var sweeps = Channel.CreateUnbounded<FleetChange>();
        using var subscription = _portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Kind == FleetChangeKind.Samples && change.Concerns(vmId)) sweeps.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(Patience);
        TriageReport? report = null;
        try
        {
            while (true)
            {
                var window = new TriageWindow(fromUtc, DateTime.UtcNow.AddSeconds(1));
                report = (await _portal.CallAsync<TriageService, VmTriage?>(t => t.ForVmAsync(user.Scope(), vmId, window, TimeZoneInfo.Utc)))!.Report;
                if (done(report)) return report;
                await sweeps.Reader.ReadAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var console = await _guest.ConsoleTailAsync(15);
            Assert.Fail($"No cause named within {Patience}. Last triage: {report?.Summary}\nFindings: {string.Join(" | ", report?.Findings.Select(f => f.Sentence) ?? [])}\nGuest console:\n{console}");
            throw;
        }
    }
}
