using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Core.Triage;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Simulator;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Triage;
using Portal.Web.Features.Vms;

namespace Portal.Bench;

/// <summary>
/// Triage server-side, through the same <see cref="TriageService"/> the pages and the API use (inventory and ownership
/// reads, the store's reads of the window and its baselines, events, audit, the analysis): one VM of the demo store
/// (the demo fleet's 30 days with the shop-web-01 incident), and a host of many VMs (the demo's load model, 10 days).
/// </summary>
internal static class TriageBench
{
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task RunAsync(Options options, string[] args)
    {
        var i = Array.IndexOf(args, "--host-vms");
        var hostVms = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 100;
        var reps = Math.Max(10, options.Reps / 3);
        var noiseBefore = Noise.Measure();
        var report = BenchReport.Start($"# Triage benchmark: {options.Provider}, the demo store (12 VMs x 30 days) and a host of {hostVms} VMs x 10 days", args);
        void Say(string line) => report.Say(line);

        await using var database = await BenchDatabase.OpenAsync(options, $"triage_{hostVms}");
        var tiers = TierTable.Default;
        var store = new MetricStore(database.Store, tiers);
        var incident = DemoIncident.TwoDaysBefore(End);
        if (!database.Loaded)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await LoadAsync(database, store, incident, hostVms);
            await database.MarkLoadedAsync();
            Say($"Loaded in {watch.Elapsed.TotalSeconds:0} s (the demo's history and the big host's, written and rolled up through the store).");
            Say("");
        }

        var contexts = new Contexts(database);
        var time = new FixedTime(End);
        var triageOptions = Microsoft.Extensions.Options.Options.Create(new TriageOptions());
        var service = new TriageService(new VmDirectory(contexts), new TriageReads(store, contexts, triageOptions, time), new AuditLog(contexts), triageOptions);
        int web, customerTenant;
        await using (var db = database.NewContext())
        {
            web = await db.Vms.Where(v => v.Name == DemoIncident.VmName).Select(v => v.Id).SingleAsync();
            customerTenant = await db.Tenants.Where(t => t.Slug == "acme").Select(t => t.Id).SingleAsync();
        }

        var problem = TriageWindow.Around(incident.NetworkFalls);
        var day = new TriageWindow(incident.DayUtc.AddHours(2), incident.DayUtc.AddHours(26));
        var cases = new (string Name, Func<Task<string>> Run, string Target)[]
        {
            ("shop-web-01, 24 h window (the incident's day), support", () => Vm(service, ViewerScope.Staff, web, day), "p50 <= 50 ms"),
            ("shop-web-01, 24 h window, the customer (ownership cut)", () => Vm(service, ViewerScope.ForTenant(customerTenant), web, day), "p50 <= 50 ms"),
            ("shop-web-01, problem at 20:50 (2.5 h window), support", () => Vm(service, ViewerScope.Staff, web, problem), ""),
            ($"host of {hostVms} VMs, 24 h window", () => Host(service, day), "<= 1 s"),
            ($"host of {hostVms} VMs, problem at 20:50 (2.5 h window)", () => Host(service, problem), ""),
        };
        Say("| case | p50 ms | p95 ms | runs | causes and symptoms found | target |");
        Say("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, run, target) in cases)
        {
            var runs = name.StartsWith("host", StringComparison.Ordinal) ? Math.Max(5, reps / 5) : reps;
            // Warm-up: JIT and tiered compilation, and the store's pages, so that every case starts warm.
            for (var w = 0; w < runs / 2; w++) await run();
            var timings = new Timings(name);
            var lead = "";
            for (var r = 0; r < runs; r++) lead = await timings.TimeAsync(run);
            Say(string.Create(CultureInfo.InvariantCulture, $"| {name} | {timings.Percentile(50):0.0} | {timings.Percentile(95):0.0} | {timings.Count} | {lead} | {target} |"));
        }
        Say("");
        report.SayNoise(noiseBefore, Noise.Measure());
        await report.WriteAsync($"triage-{options.Provider.ToString().ToLowerInvariant()}");
    }

    private static async Task<string> Vm(TriageService service, ViewerScope scope, int vmId, TriageWindow window)
    {
        var triage = await service.ForVmAsync(scope, vmId, window, TimeZoneInfo.Utc) ?? throw new InvalidOperationException("the VM is not visible");
        return string.Join(", ", triage.Report.Findings.Where(f => f.IsProblem).Select(f => f.Title));
    }

    private static async Task<string> Host(TriageService service, TriageWindow window)
    {
        var fleet = await service.ForGroupAsync(ViewerScope.Staff, "node-big", null, window, TimeZoneInfo.Utc) ?? throw new InvalidOperationException("no such host");
        return $"{fleet.Rows.Count} VMs ranked, first {fleet.Rows[0].Vm.Name}: {fleet.Rows[0].Lead?.Title ?? "nothing unusual"}";
    }

    /// <summary>The demo fleet with its 30 days and story, and a big host whose VMs follow the same load model for 10 days.</summary>
    private static async Task LoadAsync(BenchDatabase database, MetricStore store, DemoIncident incident, int hostVms)
    {
        var big = Enumerable.Range(0, hostVms).Select(n =>
        {
            var model = DemoFleet.Vms[n % DemoFleet.Vms.Count];
            return model with { Name = $"big-{n:000}", Host = "node-big", InitialState = VmState.Running };
        }).ToList();
        var ids = new Dictionary<string, int>();
        await using (var db = database.NewContext())
        {
            foreach (var (slug, name) in DemoFleet.Tenants) db.Tenants.Add(new Tenant(slug, name));
            foreach (var (name, uri) in DemoFleet.Hosts.Append(("node-big", "sim://node-big"))) db.Hosts.Add(new HypervisorHost(name, uri));
            await db.SaveChangesAsync();
            var tenants = await db.Tenants.ToDictionaryAsync(t => t.Slug, t => t.Id);
            var hosts = await db.Hosts.ToDictionaryAsync(h => h.Name, h => h.Id);
            foreach (var sim in DemoFleet.Vms.Concat(big))
            {
                var domain = new DomainDescription(sim.Uuid, sim.Name, sim.InitialState, sim.Vcpus, sim.MemoryKiB, sim.MaxMemoryKiB, sim.Tenant,
                    sim.InitialDisks(), [new DomainNic(sim.Mac, "virtio", null)]);
                var vm = Portal.Core.Inventory.Vm.From(domain, hosts[sim.Host], tenants[sim.Tenant]);
                db.Vms.Add(vm);
                if (VmOwnership.Transfer(vm, null, tenants[sim.Tenant], End.AddDays(-40), firstSighting: true) is { } owned) db.VmOwnerships.Add(owned);
            }
            await db.SaveChangesAsync();
            ids = await db.Vms.ToDictionaryAsync(v => v.Name, v => v.Id);
            db.VmEvents.Add(new VmEvent(ids[DemoIncident.VmName], incident.Restarted, VmEventKind.Restarted, "Power cycle to apply the new memory maximum"));
            await db.SaveChangesAsync();
        }

        var step = store.Tiers[Tier.Raw].Step;
        var fleet = DemoFleet.Vms.Select(v => (Vm: v, Days: 30)).Concat(big.Select(v => (Vm: v, Days: 10))).ToList();
        for (var day = End.AddDays(-30); day < End; day = day.AddDays(1))
        {
            var batch = fleet.Where(f => day >= End.AddDays(-f.Days))
                .SelectMany(f => DemoHistory.For(f.Vm, day, day.AddDays(1), End, step, incident).Select(s => new VmSample(ids[f.Vm.Name], s.Time, s.Values)))
                .ToList();
            await store.WriteAsync(batch);
        }
        await store.RollupAsync(End);
    }

    private sealed class Contexts(BenchDatabase database) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.NewContext();
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
