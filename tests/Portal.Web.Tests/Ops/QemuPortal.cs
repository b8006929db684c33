using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Data.TimeSeries;
using Portal.Core.Metrics;
using Portal.Testing;

namespace Portal.Web.Tests.Ops;

/// <summary>A portal whose one host is the local libvirtd (where the QEMU test guests run), on a data directory of the test's own.</summary>
internal static class QemuPortal
{
    public static PortalOnData Start(string dataDirectory, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Portal:Hosts:0:Name"] = "local",
            ["Portal:Hosts:0:Uri"] = QemuGuest.Uri,
            ["Portal:FirstInventoryTimeout"] = "00:02:00",
            ["Portal:Ops:StoragePools:0"] = QemuGuest.PoolName,
        };
        foreach (var (key, value) in settings) all[key] = value;
        return new PortalOnData(dataDirectory) { Settings = all };
    }

    /// <summary>
    /// Waits until the collector has swept the VM's host once (it has samples), and so listens to the host's events:
    /// the collector subscribes on its first sweep, which starts with the portal.
    /// </summary>
    public static async Task WaitForFirstSweepAsync(this PortalFactory portal, int vmId, TimeSpan patience)
    {
        var rounds = System.Threading.Channels.Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Kind == FleetChangeKind.Samples) rounds.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        var store = portal.Services.GetRequiredService<MetricStore>();
        while (true)
        {
            var now = DateTime.UtcNow;
            var set = await store.QueryAsync(vmId, now.AddHours(-1), now.AddMinutes(1), 10, MetricAggregate.Maximum, now);
            if (set.Series.Any(s => s.Values.Any(v => !float.IsNaN(v)))) return;
            await rounds.Reader.ReadAsync(deadline.Token);
        }
    }
}
