using Portal.Core.Hypervisor;
using Portal.Web.Components;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Components;

public class OpsComponentTests
{
    [Fact]
    public async Task A_time_read_back_without_a_kind_is_marked_as_utc_for_the_browser()
    {
        var page = await ComponentRenderer.RenderAsync<LocalTime>(new() { ["Utc"] = new DateTime(2026, 11, 20, 20, 45, 0, DateTimeKind.Unspecified) });

        var time = page.QuerySelector("time")!;
        Assert.Equal("2026-11-20T20:45:00.0000000Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-11-20 20:45:00 UTC", time.TextContent);
        Assert.Equal("datetime", time.GetAttribute("data-local"));
    }

    [Theory]
    [InlineData(OperationStatus.Succeeded, "alert-success", "Done")]
    [InlineData(OperationStatus.Pending, "alert-warning", "Still pending in the guest")]
    [InlineData(OperationStatus.Failed, "alert-danger", "Failed")]
    [InlineData(OperationStatus.Busy, "alert-warning", "Busy")]
    public async Task An_outcome_reads_as_what_happened(OperationStatus status, string css, string heading)
    {
        var page = await ComponentRenderer.RenderAsync<OperationResult>(new()
        {
            ["Outcome"] = new OperationOutcome(status, "the message", [new("io", "an error")]), ["Title"] = "Add a disk",
        });

        var result = page.QuerySelector("[data-testid=operation-result]")!;
        Assert.Contains(css, result.ClassList);
        Assert.Equal(status.ToString(), result.GetAttribute("data-status"));
        Assert.StartsWith(heading, result.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("an error", result.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_disk_enum_value_has_a_choice_with_a_meaning()
    {
        Assert.Equal(Enum.GetValues<DiskBus>().Order(), DiskChoices.Buses.Select(c => c.Value).Order());
        Assert.Equal(Enum.GetValues<DiskCache>().Order(), DiskChoices.Caches.Select(c => c.Value).Order());
        Assert.Equal(Enum.GetValues<DiskIo>().Order(), DiskChoices.IoModes.Select(c => c.Value).Order());
        Assert.All(DiskChoices.Caches, c => Assert.False(string.IsNullOrWhiteSpace(c.Meaning)));
        Assert.True(DiskChoices.TryParse(DiskChoices.IoModes, "io_uring", out var io) && io == DiskIo.IoUring);
        Assert.False(DiskChoices.TryParse(DiskChoices.IoModes, "2", out _));
    }
}
