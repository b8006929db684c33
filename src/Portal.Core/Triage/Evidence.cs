namespace Portal.Core.Triage;

/// <summary>One number behind a finding: usual level before, level during the change, and how it reads.</summary>
public sealed record Evidence(string Label, double? Before, double? After, TriageUnit Unit, string Text)
{
    public static Evidence Change(string label, double before, double after, TriageUnit unit) =>
        new(label, before, after, unit, $"{label}: {TriageUnits.Format(before, unit)} → {TriageUnits.Format(after, unit)}");

    public static Evidence Level(string label, double value, TriageUnit unit, string? suffix = null) =>
        new(label, null, value, unit, $"{label}: {TriageUnits.Format(value, unit)}{suffix}");
}
