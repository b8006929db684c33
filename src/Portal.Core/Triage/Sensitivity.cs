namespace Portal.Core.Triage;

/// <summary>
/// How far a kind of series must move before it counts as a change: the baseline band is at least
/// <see cref="Floor"/> and <see cref="Relative"/> x the usual level wide on each side, whatever the spread says (a
/// series that never moves would otherwise flag every wobble). <see cref="Significant"/> is the level that matters at
/// all for series that are near zero when things are well (swap, faults, steal, errors).
/// </summary>
public sealed record Sensitivity(double Floor, double Relative, double Significant = 0)
{
    /// <summary>Percentage points of one core.</summary>
    public static readonly Sensitivity Cpu = new(10, 0.25);
    public static readonly Sensitivity Steal = new(2, 0, Significant: 5);
    public static readonly Sensitivity MemoryKiB = new(64 * 1024, 0.05);
    public static readonly Sensitivity SwapKiBPerSecond = new(16, 0, Significant: 16);
    public static readonly Sensitivity FaultsPerSecond = new(10, 0, Significant: 10);
    public static readonly Sensitivity DiskBytesPerSecond = new(256 * 1024, 0.5, Significant: 1024 * 1024);
    public static readonly Sensitivity DiskLatencyMs = new(5, 0.5, Significant: 20);
    public static readonly Sensitivity NetBytesPerSecond = new(4 * 1024, 0.3, Significant: 8 * 1024);
    public static readonly Sensitivity NetErrorsPerSecond = new(1, 0, Significant: 1);
}
