using Portal.Core.Metrics;
using Portal.Core.Triage;
using static Portal.Core.Tests.Triage.Scenario;

namespace Portal.Core.Tests.Triage;

/// <summary>
/// A synthetic host of six VMs over one window: two whose CPU rose at 20:00, two whose steal rose at 20:05, one
/// quiet, and one whose CPU rose too but earlier, back to normal before anyone waited.
/// </summary>
public class HostContentionTests
{
    private static readonly TriageClock Clock = new(TimeZoneInfo.Utc, TriageWindow.Around(Problem).Span);

    private static Scenario BusyFrom(DateTime from, DateTime? to = null)
    {
        var scenario = new Scenario();
        for (var i = 0; i < 4; i++) scenario.Set(new(Metric.VcpuPercent, I(i)), from, 75, to);
        return scenario;
    }

    private static Scenario Waiting(DateTime from)
    {
        var scenario = new Scenario();
        for (var i = 0; i < 4; i++) scenario.Set(new(Metric.VcpuStealPercent, I(i)), from, 14);
        return scenario;
    }

    private static List<HostMember> Host(bool namesVisible = true) =>
    [
        new(1, namesVisible ? "batch-a" : null, BusyFrom(At(20, 0)).Analyze()),
        new(2, namesVisible ? "batch-b" : null, BusyFrom(At(19, 55)).Analyze()),
        new(3, "web-c", Waiting(At(20, 5)).Analyze()),
        new(4, namesVisible ? "web-d" : null, Waiting(At(20, 5)).Analyze()),
        new(5, namesVisible ? "quiet-e" : null, new Scenario().Analyze()),
        new(6, namesVisible ? "early-f" : null, BusyFrom(At(19, 0), At(19, 30)).Analyze()),
    ];

    [Fact]
    public void Host_contention_names_exactly_the_vms_whose_cpu_rose_while_the_others_steal_rose()
    {
        var result = HostContention.Detect(Host(), Clock, "node-x")!;

        Assert.Equal([1, 2], result.Busy.Order());
        Assert.Equal([3, 4], result.Waiting.Order());
        var finding = result.Finding;
        Assert.Equal((FindingResource.Host, FindingKind.Cause, At(20, 5)), (finding.Resource, finding.Kind, finding.OnsetUtc));
        Assert.StartsWith("On node-x, web-c and web-d waited for the host (steal) from 20:05 while CPU rose on batch-", finding.Sentence, StringComparison.Ordinal);
        Assert.Contains("batch-a (CPU", finding.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("early-f", finding.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("quiet-e", finding.Sentence, StringComparison.Ordinal);
        Assert.Equal(["batch-a CPU", "batch-b CPU"], finding.Evidence.Select(e => e.Label).Order());
        Assert.Contains("relieve the host of batch-", finding.Recommendation!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_reads_the_host_was_busy_and_no_other_tenant_s_vm_is_named()
    {
        var result = HostContention.Detect(Host(namesVisible: false), Clock, null, subjectVmId: 3)!;

        Assert.Equal("On its host, this VM and other VMs waited for the host (steal) from 20:05: the host was busy.", result.Finding.Sentence);
        Assert.Empty(result.Finding.Evidence);
        Assert.DoesNotContain("batch", result.Finding.Recommendation!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_waiting_no_contention_and_the_host_ranks_its_vms_by_how_much_they_changed()
    {
        var members = Host();

        Assert.Null(HostContention.Detect(members.Where(m => m.VmId is 1 or 2 or 5).ToList(), Clock));
        var ranked = HostRanking.Rank(members);
        Assert.Equal(5, ranked[^1].VmId);
        Assert.True(ranked[0].VmId is 3 or 4, "a VM that waited for the host has a cause: it changed most");
    }
}
