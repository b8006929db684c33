using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Features.Triage;

/// <summary>Configuration section <c>Portal:Triage</c>: how long a window may be and how much one triage reads.</summary>
public sealed class TriageOptions
{
    public const string Section = "Portal:Triage";

    /// <summary>The longest window: it is compared with the same hours a week earlier, so a week at most.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00")]
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Points read per window and series: the raw samples up to this many (a day at 5 minutes is 288), coarser
    /// buckets beyond.
    /// </summary>
    [Range(60, 10_000)]
    public int MaxPoints { get; set; } = 2016;

    /// <summary>The most VMs a host or tenant view ranks at once.</summary>
    [Range(1, 5_000)]
    public int MaxVms { get; set; } = 1000;
}
