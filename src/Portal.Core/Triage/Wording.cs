namespace Portal.Core.Triage;

/// <summary>Small pieces of the sentences findings are written in.</summary>
public static class Wording
{
    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };

    /// <summary>The first letter in lower case, for a title used inside a sentence ("Out of memory" → "out of memory").</summary>
    public static string Inline(string title) => title.Length == 0 ? title : char.ToLowerInvariant(title[0]) + title[1..];

    /// <summary>A cause as a noun, for "a symptom of the memory shortage".</summary>
    public static string Noun(Finding cause) => cause.Resource switch
    {
        FindingResource.Memory => "memory shortage",
        FindingResource.Cpu => "CPU saturation",
        FindingResource.Host => "host contention",
        FindingResource.Vm => "crash",
        _ => Inline(cause.Title),
    };

    /// <summary>"by 96 %" for a fall to 4 % of the usual level.</summary>
    public static string Drop(double before, double after) =>
        before <= 0 ? "" : $"by {Math.Round(Math.Clamp(1 - after / before, 0, 1) * 100):0} %";
}
