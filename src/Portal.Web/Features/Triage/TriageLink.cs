using Portal.Web.Features.Vms.Charts;

namespace Portal.Web.Features.Triage;

/// <summary>The VM page's "Triage" link: the range it shows (a live range as it stands now), or its last day when that range is longer than a triage window.</summary>
public static class TriageLink
{
    public static string For(int vmId, ChartRange range, DateTime nowUtc, TimeSpan maxWindow)
    {
        var shown = range.Following(nowUtc);
        var from = shown.ToUtc - shown.FromUtc > maxWindow ? shown.ToUtc.AddDays(-1) : shown.FromUtc;
        return $"/vms/{vmId}/triage?from={Uri.EscapeDataString(TriageRequest.Iso(from))}&to={Uri.EscapeDataString(TriageRequest.Iso(shown.ToUtc))}";
    }
}
