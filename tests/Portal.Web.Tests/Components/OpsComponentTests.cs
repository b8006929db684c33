using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using Portal.Core.Hypervisor;
using Portal.Web.Components;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Components;

public class OpsComponentTests
{
    [Fact]
    public async Task A_time_read_back_without_a_kind_is_utc_and_shown_in_the_viewer_s_zone()
    {
        await using var context = new BunitContext();
        var berlin = ViewerZone.FromId("Europe/Berlin");

        var time = context.Render<CascadingValue<ViewerZone>>(p => p.Add(c => c.Value, berlin)
            .AddChildContent<LocalTime>(t => t.Add(c => c.Utc, new DateTime(2026, 11, 20, 20, 45, 0, DateTimeKind.Unspecified)))).Find("time");

        Assert.Equal("2026-11-20T20:45:00.0000000Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-11-20 21:45:00 UTC+01:00", time.TextContent);
        Assert.Equal("2026-11-20 20:45:00 UTC", time.GetAttribute("title"));
    }

    [Theory]
    [InlineData(OperationStatus.Pending, "Still pending in the guest")]
    [InlineData(OperationStatus.Failed, "Failed")]
    [InlineData(OperationStatus.Busy, "Busy")]
    [InlineData(OperationStatus.Forbidden, "Not allowed")]
    public async Task An_outcome_reads_as_what_happened(OperationStatus status, string heading)
    {
        await using var context = new BunitContext();
        context.Services.AddMudServices();

        var result = context.Render<OperationAlert>(p => p.Add(c => c.Outcome, new OperationOutcome(status, "the message", [new("io", "an error")])))
            .Find("[data-testid=operation-result]");

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
