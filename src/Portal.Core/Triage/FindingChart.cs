namespace Portal.Core.Triage;

/// <summary>One line of a finding's chart, on the report's grid (NaN is a gap).</summary>
public sealed record FindingLine(string Name, float[] Values);

/// <summary>
/// A small chart behind a finding: its lines in one unit, and where the usual range ends (the band's edge on the side
/// the series moved to), drawn as a dashed line.
/// </summary>
public sealed record FindingChart(string Title, TriageUnit Unit, IReadOnlyList<FindingLine> Lines, double? Usual = null, string? UsualLabel = null);
