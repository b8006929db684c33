using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Triage;

namespace Portal.Web.Features.Triage;

/// <summary>
/// Triage as JSON: the same findings, sentences, evidence, recommendations and chart lines the pages show. Times are
/// ISO 8601 UTC; the grid of the chart lines is Unix milliseconds (start, step) as in the metrics API; gaps are null.
/// </summary>
public static class TriageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record VmDocument(int Vm, string Name, string? Host, string TimeZone, ReportDocument Triage);

    public sealed record HostDocument(string? Host, string? Tenant, string From, string To, string TimeZone, bool Truncated, FindingDocument? Contention,
        IReadOnlyList<RowDocument> Vms);

    public sealed record RowDocument(int Vm, string? Name, string? Tenant, double ChangeScore, string Summary, string? Lead);

    public sealed record ReportDocument(string From, string To, string Summary, bool Quiet, IReadOnlyList<BaselineKind> Baselines, GridDocument Grid,
        IReadOnlyList<FindingDocument> Findings);

    public sealed record GridDocument(long Start, long Step, int Points);

    public sealed record FindingDocument(FindingResource Resource, FindingKind Kind, string Title, string Sentence, string? Onset, string? Device, string? CausedBy,
        IReadOnlyList<Evidence> Evidence, Recommendation? Recommendation, IReadOnlyList<ChartDocument> Charts);

    public sealed record ChartDocument(string Title, TriageUnit Unit, double? Usual, IReadOnlyList<LineDocument> Lines);

    public sealed record LineDocument(string Name, IReadOnlyList<double?> Values);

    public static VmDocument Of(VmTriage triage) => new(triage.VmId, triage.VmName, triage.HostName, triage.TimeZone, Of(triage.Report));

    public static HostDocument Of(FleetTriage fleet) => new(fleet.HostName, fleet.TenantSlug, TriageRequest.Iso(fleet.Window.FromUtc), TriageRequest.Iso(fleet.Window.ToUtc),
        fleet.TimeZone, fleet.Truncated, fleet.Contention is null ? null : Of(fleet.Contention),
        fleet.Rows.Select(r => new RowDocument(r.Vm.Id, r.Vm.Name, r.Vm.TenantName, Math.Round(r.Report.ChangeScore, 2), r.Report.Summary, r.Lead?.Title)).ToList());

    public static ReportDocument Of(TriageReport report) =>
        new(TriageRequest.Iso(report.Window.FromUtc), TriageRequest.Iso(report.Window.ToUtc), report.Summary, report.Quiet, report.Baselines,
            new GridDocument(Milliseconds(report.Grid.StartUtc), (long)report.Grid.Step.TotalMilliseconds, report.Grid.Points),
            report.Findings.Select(Of).ToList());

    private static FindingDocument Of(Finding f) =>
        new(f.Resource, f.Kind, f.Title, f.Sentence, f.OnsetUtc is { } onset ? TriageRequest.Iso(onset) : null, f.Device, f.CausedBy, f.Evidence, f.Recommendation,
            f.Charts.Select(c => new ChartDocument(c.Title, c.Unit, c.Usual,
                c.Lines.Select(l => new LineDocument(l.Name, l.Values.Select(v => float.IsNaN(v) ? (double?)null : Math.Round(v, 2)).ToList())).ToList())).ToList());

    private static long Milliseconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;
}
