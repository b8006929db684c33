using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Features.Audit;

namespace Portal.Bench;

/// <summary>
/// The audit trail's grid over a large trail: one page as the grid asks for it (count for the pager, filter, sort,
/// offset, 50 rows), through the same <see cref="AuditLog"/> the page uses, on SQLite or PostgreSQL.
/// </summary>
internal static class AuditBench
{
    public static async Task RunAsync(Options options, string[] args)
    {
        var i = Array.IndexOf(args, "--rows");
        var rows = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        var reps = Math.Max(5, options.Reps / 10);
        var report = BenchReport.Start($"# Audit grid benchmark: {options.Provider}, {rows:N0} entries", args);
        void Say(string line) => report.Say(line);

        await using var database = await BenchDatabase.OpenAsync(options, $"audit_{rows}");
        var end = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        if (!database.Loaded)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await LoadAsync(database, rows, end);
            await database.MarkLoadedAsync();
            Say($"Loaded in {watch.Elapsed.TotalSeconds:0} s (two years of entries: 200 users, 50 tenants, the three actions, mostly succeeded).");
            Say("");
        }

        await database.AnalyzeAsync("AuditEntries");
        var log = new AuditLog(new Contexts(database));
        var cases = new (string Name, AuditFilter Filter)[]
        {
            ("newest page, no filter", new(null, null, null, null, null, null, null)),
            ("page 100 (offset 4,950), no filter", new(null, null, null, null, null, null, null, Page: 99)),
            ("sorted by user, first page", new(null, null, null, null, null, null, null, AuditSortKeys.User, Descending: false)),
            ("one tenant", new("tenant-07", null, null, null, null, null, null)),
            ("user contains 'user-042'", new(null, null, "user-042", null, null, null, null)),
            ("action and outcome (failed memory changes)", new(null, null, null, AuditActions.SetMemory, AuditOutcome.Failed, null, null)),
            ("last 7 days", new(null, null, null, null, null, end.AddDays(-7), end)),
        };
        Say("| page of 50 | p50 ms | p95 ms | reps | matching entries |");
        Say("| --- | --- | --- | --- | --- |");
        foreach (var (name, filter) in cases)
        {
            await log.SearchAsync(filter, CancellationToken.None);
            var timings = new Timings(name);
            AuditSearchResult? last = null;
            for (var r = 0; r < reps; r++) last = await timings.TimeAsync(() => log.SearchAsync(filter, CancellationToken.None));
            Say(string.Create(CultureInfo.InvariantCulture, $"| {name} | {timings.Percentile(50):0.0} | {timings.Percentile(95):0.0} | {timings.Count} | {last!.Total:N0} |"));
        }

        await report.WriteAsync($"audit-{options.Provider.ToString().ToLowerInvariant()}");
    }

    private static async Task LoadAsync(BenchDatabase database, int rows, DateTime end)
    {
        int[] tenants;
        await using (var db = database.NewContext())
        {
            for (var t = 0; t < 50; t++) db.Tenants.Add(new Tenant($"tenant-{t:00}", $"Tenant {t:00}"));
            await db.SaveChangesAsync();
            tenants = await db.Tenants.OrderBy(t => t.Id).Select(t => t.Id).ToArrayAsync();
        }
        var random = new Random(7);
        var span = TimeSpan.FromDays(730);
        const int batch = 20_000;
        for (var done = 0; done < rows; done += batch)
        {
            await using var db = database.NewContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var n = done; n < Math.Min(rows, done + batch); n++)
            {
                var time = end - span + span * ((double)n / rows);
                var roll = random.Next(100);
                var outcome = roll < 85 ? AuditOutcome.Succeeded : roll < 93 ? AuditOutcome.Refused : roll < 98 ? AuditOutcome.Failed : AuditOutcome.Pending;
                var action = AuditActions.VmOperations[random.Next(AuditActions.VmOperations.Count)];
                db.AuditEntries.Add(new AuditEntry(time, $"user-{random.Next(200):000}@example.com", action, tenants[random.Next(tenants.Length)], null,
                    "{\"target\":\"vdb\",\"cache\":\"none\",\"io\":\"native\"}", outcome, outcome == AuditOutcome.Failed ? "host refused (error 1, domain 10)" : null,
                    $"{AuditActions.Describe(action)} #{n}"));
            }
            await db.SaveChangesAsync();
            if (done % 200_000 == 0) Console.WriteLine($"  loaded {done + batch:N0}/{rows:N0}");
        }
    }

    private sealed class Contexts(BenchDatabase database) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.NewContext();
    }
}
