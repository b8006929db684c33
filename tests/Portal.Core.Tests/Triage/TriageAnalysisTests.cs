using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Triage;
using static Portal.Core.Tests.Triage.Scenario;

namespace Portal.Core.Tests.Triage;

public class TriageAnalysisTests
{
    private static Finding Only(TriageReport report, FindingKind kind) => Assert.Single(report.Findings, f => f.Kind == kind);

    [Fact]
    public void A_quiet_window_has_no_findings_and_says_so()
    {
        var report = new Scenario().Analyze();

        Assert.True(report.Quiet, string.Join(" | ", report.Findings.Where(f => f.IsProblem).Select(f => f.Sentence)));
        Assert.StartsWith("Nothing unusual in this window", report.Summary, StringComparison.Ordinal);
        Assert.Contains("a day earlier", report.Summary, StringComparison.Ordinal);
        var cpu = Assert.Single(report.Findings, f => f.Resource == FindingResource.Cpu);
        Assert.Equal(FindingKind.Clear, cpu.Kind);
        Assert.StartsWith("4 vCPUs at ~30 %, none saturated", cpu.Sentence, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f is { Resource: FindingResource.Memory, Kind: FindingKind.Clear });
        Assert.Equal([BaselineKind.JustBefore, BaselineKind.DayEarlier, BaselineKind.WeekEarlier], report.Baselines);
    }

    [Fact]
    public void Memory_running_out_comes_first_with_its_fix_and_the_network_collapse_after_it_is_its_symptom()
    {
        // The demo's story: use climbs toward the allocation from 20:15, swap trickles from 20:20, the swap storm and
        // major faults start at 20:45, the network falls at 20:50; the vCPUs stay near 25 % and dip in the outage.
        var scenario = new Scenario()
            .Bend(new(Metric.MemoryUsedKiB), At(20, 15), (t, _) => (0.90 + 0.085 * Math.Min(1, (t - At(20, 15)).TotalMinutes / 30)) * 4 * GiB)
            .Bend(new(Metric.SwapOutKiBPerSecond), At(20, 20), (_, v) => v + 6)
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 45), 55)
            .Set(new(Metric.SwapInKiBPerSecond), At(20, 45), 35)
            .Set(new(Metric.MajorFaultsPerSecond), At(20, 45), 45)
            .Bend(new(Metric.NetRxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.04)
            .Bend(new(Metric.NetTxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.03);
        for (var i = 0; i < 4; i++)
        {
            scenario.Bend(new(Metric.VcpuPercent, I(i)), At(20, 15), (_, v) => v - 5);
            scenario.Bend(new(Metric.VcpuPercent, I(i)), At(20, 50), (_, v) => v - 14);
        }

        var report = scenario.Analyze();

        var first = report.Findings[0];
        Assert.Equal((FindingResource.Memory, FindingKind.Cause, "Out of memory"), (first.Resource, first.Kind, first.Title));
        Assert.InRange(first.OnsetUtc!.Value, At(20, 10).AddTicks(1), At(20, 45));
        Assert.Equal(RecommendationAction.RaiseMemory, first.Recommendation!.Action);
        Assert.Equal(8 * GiB, first.Recommendation.MemoryKiB);
        Assert.True(first.Recommendation.NeedsRestart, first.Recommendation.Text);
        Assert.Contains("needs a restart", first.Recommendation.Text, StringComparison.Ordinal);
        var network = report.Findings[1];
        Assert.Equal((FindingResource.Network, FindingKind.Symptom, "Out of memory"), (network.Resource, network.Kind, network.CausedBy));
        Assert.Equal(At(20, 50), network.OnsetUtc);
        Assert.Contains("symptom of the memory shortage that began at 20:", network.Sentence, StringComparison.Ordinal);
        var cpu = Assert.Single(report.Findings, f => f.Resource == FindingResource.Cpu);
        Assert.Equal(FindingKind.Clear, cpu.Kind);
        Assert.Contains("none saturated", cpu.Sentence, StringComparison.Ordinal);
        Assert.StartsWith("Out of memory from 20:", report.Summary, StringComparison.Ordinal);
        Assert.Contains("Raise memory to 8 GiB", report.Summary, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f is { Resource: FindingResource.Disk, Kind: FindingKind.Clear });
    }

    [Fact]
    public void Times_in_sentences_are_in_the_viewer_s_zone()
    {
        var report = new Scenario { Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") }
            .Bend(new(Metric.NetTxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.02)
            .Bend(new(Metric.NetRxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.02)
            .Analyze();

        Assert.Contains("at 21:50", report.Findings[0].Sentence, StringComparison.Ordinal);
        Assert.Equal(At(20, 50), report.Findings[0].OnsetUtc);
    }

    [Fact]
    public void A_network_drop_with_no_resource_before_it_says_to_look_at_the_network_or_the_application()
    {
        var report = new Scenario()
            .Bend(new(Metric.NetRxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.05)
            .Bend(new(Metric.NetTxBytesPerSecond, Mac), At(20, 50), (_, v) => v * 0.05)
            .Analyze();

        var drop = Assert.Single(report.Findings, f => f.IsProblem);
        Assert.Equal((FindingKind.Symptom, "Network collapse", null), (drop.Kind, drop.Title, drop.CausedBy));
        Assert.Contains("fell by 95 % at 20:50", drop.Sentence, StringComparison.Ordinal);
        Assert.Contains(CauseOrder.NothingRanOut, drop.Sentence, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.LookElsewhere, drop.Recommendation!.Action);
        Assert.Equal($"Network collapse at 20:50. {CauseOrder.NothingRanOut}", report.Summary);
        Assert.Null(report.PrimaryCause);
    }

    [Fact]
    public void All_vcpus_busy_is_saturation_and_the_fix_is_more_vcpus()
    {
        var scenario = new Scenario();
        for (var i = 0; i < 4; i++) scenario.Set(new(Metric.VcpuPercent, I(i)), At(20, 0), 99);

        var report = scenario.Analyze();

        var cpu = report.Findings[0];
        Assert.Equal((FindingResource.Cpu, FindingKind.Cause, "CPU saturated", At(20, 0)), (cpu.Resource, cpu.Kind, cpu.Title, cpu.OnsetUtc));
        Assert.Equal((RecommendationAction.AddVcpus, 8), (cpu.Recommendation!.Action, cpu.Recommendation.Vcpus));
        Assert.DoesNotContain(report.Findings, f => f.Title == "CPU not saturated");
    }

    [Fact]
    public void One_vcpu_saturated_while_the_others_idle_is_one_busy_thread_not_a_call_for_more_vcpus()
    {
        var report = new Scenario().Set(new(Metric.VcpuPercent, "2"), At(19, 30), 100).Analyze();

        var cpu = report.Findings[0];
        Assert.Equal((FindingKind.Cause, At(19, 30)), (cpu.Kind, cpu.OnsetUtc));
        Assert.Contains("vCPU 2 ran at 90 % or more", cpu.Sentence, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.LookElsewhere, cpu.Recommendation!.Action);
    }

    [Fact]
    public void Steal_sustained_above_five_percent_is_host_contention()
    {
        var scenario = new Scenario();
        for (var i = 0; i < 4; i++) scenario.Set(new(Metric.VcpuStealPercent, I(i)), At(20, 10), 12);

        var report = scenario.Analyze();

        var steal = report.Findings[0];
        Assert.Equal((FindingResource.Host, FindingKind.Cause, "Host contention", At(20, 10)), (steal.Resource, steal.Kind, steal.Title, steal.OnsetUtc));
        Assert.Contains("12 % of the time", steal.Sentence, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.MoveVm, steal.Recommendation!.Action);
    }

    [Theory]
    [InlineData(20, 5, "Out of memory")]      // together (one sample apart): the stronger change leads
    [InlineData(19, 30, "Host contention")]   // apart: the earlier one
    public void Causes_that_began_together_are_ordered_by_how_far_they_went_and_the_first_explains_the_symptom(int stealHour, int stealMinute, string first)
    {
        var scenario = new Scenario()
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 10), 900)
            .Set(new(Metric.MajorFaultsPerSecond), At(20, 10), 200)
            .Bend(new(Metric.NetTxBytesPerSecond, Mac), At(20, 30), (_, v) => v * 0.05)
            .Bend(new(Metric.NetRxBytesPerSecond, Mac), At(20, 30), (_, v) => v * 0.05);
        for (var i = 0; i < 4; i++) scenario.Set(new(Metric.VcpuStealPercent, I(i)), At(stealHour, stealMinute), 6);

        var report = scenario.Analyze();

        Assert.Equal(first, report.Findings[0].Title);
        Assert.Equal(first, Assert.Single(report.Findings, f => f.Kind == FindingKind.Symptom).CausedBy);
        Assert.StartsWith(first, report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Steal_as_high_in_the_baselines_is_no_news_of_the_window()
    {
        var scenario = new Scenario();
        for (var i = 0; i < 4; i++) scenario.Usually(new(Metric.VcpuStealPercent, I(i)), (_, v) => v + 10);

        var report = scenario.Analyze();

        Assert.True(report.Quiet, string.Join(" | ", report.Findings.Where(f => f.IsProblem).Select(f => f.Sentence)));
    }

    [Fact]
    public void A_slow_disk_is_saturation_with_its_cache_mode_in_the_fix_and_busy_traffic_alone_is_unusual()
    {
        var report = new Scenario()
            .Set(new(Metric.DiskWriteLatencyMs, "vdb"), At(20, 30), 45)
            .Bend(new(Metric.DiskReadBytesPerSecond, "vda"), At(19, 40), (_, v) => v * 12)
            .Analyze();

        var slow = Assert.Single(report.Findings, f => f.Title == "Disk vdb saturated");
        Assert.Equal((FindingKind.Cause, At(20, 30), "vdb"), (slow.Kind, slow.OnsetUtc, slow.Device));
        Assert.Contains("took 45 ms", slow.Sentence, StringComparison.Ordinal);
        Assert.Contains("cache=writeback io=threads", slow.Recommendation!.Text, StringComparison.Ordinal);
        var busy = Assert.Single(report.Findings, f => f.Title == "Unusual disk traffic on vda");
        Assert.Equal(At(19, 40), busy.OnsetUtc);
        Assert.Equal(busy, report.Findings[0]);
    }

    [Fact]
    public void A_nightly_job_that_ran_at_the_same_hours_a_day_and_a_week_earlier_is_usual_the_same_burst_at_another_hour_is_not()
    {
        static Scenario Nightly() => new Scenario { Window = new TriageWindow(At(0, 0).AddHours(-6), At(18, 0)) }
            .Usually(new(Metric.DiskReadBytesPerSecond, "vdb"), (t, v) => t.TimeOfDay >= TimeSpan.FromHours(1) && t.TimeOfDay < TimeSpan.FromHours(5) ? v * 30 : v);

        var usual = Nightly().Analyze();
        var unusual = Nightly().Bend(new(Metric.DiskReadBytesPerSecond, "vdb"), At(14, 0), (_, v) => v * 30, At(16, 0)).Analyze();

        Assert.True(usual.Quiet, string.Join(" | ", usual.Findings.Where(f => f.IsProblem).Select(f => f.Sentence)));
        var busy = Assert.Single(unusual.Findings, f => f.IsProblem);
        Assert.Equal(("Unusual disk traffic on vdb", At(14, 0)), (busy.Title, busy.OnsetUtc));
    }

    [Fact]
    public void Errors_and_drops_rising_from_none_are_a_symptom()
    {
        var report = new Scenario().Set(new(Metric.NetRxDropsPerSecond, Mac), At(20, 20), 40).Analyze();

        var errors = Assert.Single(report.Findings, f => f.IsProblem);
        Assert.Equal((FindingKind.Symptom, "Network errors", At(20, 20)), (errors.Kind, errors.Title, errors.OnsetUtc));
    }

    [Fact]
    public void A_restart_is_an_event_and_its_one_missing_sample_is_no_gap()
    {
        var scenario = new Scenario().Gap(At(21, 5), At(21, 10));
        scenario.Events.Add(new VmEvent(1, At(21, 5), VmEventKind.Restarted, "Power cycle"));
        scenario.Events.Add(new VmEvent(1, At(17, 0), VmEventKind.Restarted, "before the window"));

        var report = scenario.Analyze();

        Assert.True(report.Quiet);
        var restart = Assert.Single(report.Findings, f => f.Kind == FindingKind.Event);
        Assert.Equal(("Restarted", At(21, 5), "Restarted at 21:05 (Power cycle)."), (restart.Title, restart.OnsetUtc, restart.Sentence));
    }

    [Fact]
    public void A_crash_is_a_cause_and_explains_the_collapse_after_it()
    {
        var scenario = new Scenario()
            .Gap(At(20, 40), At(20, 55))
            .Bend(new(Metric.NetTxBytesPerSecond, Mac), At(20, 55), (_, v) => v * 0.01)
            .Bend(new(Metric.NetRxBytesPerSecond, Mac), At(20, 55), (_, v) => v * 0.01);
        scenario.Events.Add(new VmEvent(1, At(20, 40), VmEventKind.Crashed, null));

        var report = scenario.Analyze();

        Assert.Equal(("Crashed", FindingKind.Cause), (report.Findings[0].Title, report.Findings[0].Kind));
        Assert.Equal(("Network collapse", "Crashed"), (report.Findings[1].Title, report.Findings[1].CausedBy));
        Assert.Contains(report.Findings, f => f.Title == "No data" && f.Sentence.StartsWith("No samples from 20:40 to 20:55", StringComparison.Ordinal));
    }

    [Fact]
    public void Gaps_neither_hide_an_onset_nor_make_one()
    {
        var scenario = new Scenario()
            .Gap(At(19, 30), At(20, 0))
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 30), 200)
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 40), double.NaN, At(20, 50))
            .Set(new(Metric.MajorFaultsPerSecond), At(20, 30), 60);
        var input = scenario.Input();
        // The week-earlier baseline has gaps too.
        var week = input.Baselines.Single(b => b.Kind == BaselineKind.WeekEarlier).Set;
        foreach (var s in week.Series) Array.Fill(s.Values, float.NaN, 0, 20);

        var report = TriageAnalysis.Analyze(input);

        var memory = report.Findings[0];
        Assert.Equal(("Out of memory", At(20, 30)), (memory.Title, memory.OnsetUtc));
        var gap = Assert.Single(report.Findings, f => f.Title == "No data");
        Assert.Equal(At(19, 30), gap.OnsetUtc);
        Assert.Single(report.Findings, f => f.IsProblem);
    }

    [Fact]
    public void A_vm_without_balloon_statistics_has_memory_unknown_not_fine()
    {
        var report = new Scenario(balloon: false).Analyze();

        var memory = Assert.Single(report.Findings, f => f.Resource == FindingResource.Memory);
        Assert.Equal((FindingKind.Unknown, "Memory unknown"), (memory.Kind, memory.Title));
        Assert.Contains("unknown, not fine", memory.Sentence, StringComparison.Ordinal);
        Assert.Contains("Memory could not be judged", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_through_the_portal_in_the_window_are_listed_with_who_made_them()
    {
        var scenario = new Scenario();
        scenario.Changes.Add(new PortalChange(At(21, 4), "memory.set", "Memory 4 GiB → 8 GiB", "ops@portal.example", true));
        scenario.Changes.Add(new PortalChange(At(12, 0), "memory.set", "long before", "ops@portal.example", true));

        var change = Assert.Single(scenario.Analyze().Findings, f => f.Kind == FindingKind.Change);

        Assert.Equal("21:04: Memory 4 GiB → 8 GiB, by ops@portal.example.", change.Sentence);
    }

    [Fact]
    public void Without_any_baseline_swap_is_judged_against_zero()
    {
        var report = new Scenario { WithBaselines = false }
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 30), 300)
            .Set(new(Metric.MajorFaultsPerSecond), At(20, 30), 80)
            .Analyze();

        Assert.Equal(("Out of memory", At(20, 30)), (report.Findings[0].Title, report.Findings[0].OnsetUtc));
        Assert.Empty(report.Baselines);
    }

    [Fact]
    public void Memory_within_the_maximum_applies_live_and_a_vm_that_has_it_now_is_told_so()
    {
        var report = new Scenario { MemoryNowKiB = 8 * GiB }
            .Set(new(Metric.MemoryMaximumKiB), Window0, 16 * GiB)
            .Set(new(Metric.SwapOutKiBPerSecond), At(20, 30), 120)
            .Set(new(Metric.MajorFaultsPerSecond), At(20, 30), 50)
            .Analyze();

        var fix = report.Findings[0].Recommendation!;
        Assert.Equal((8 * GiB, false), (fix.MemoryKiB, fix.NeedsRestart));
        Assert.Contains("applies live", fix.Text, StringComparison.Ordinal);
        Assert.Equal("The VM has 8 GiB now.", fix.AlreadyDone);
    }

    private static readonly DateTime Window0 = DateTime.MinValue;
}
