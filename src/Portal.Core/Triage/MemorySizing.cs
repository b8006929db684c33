using Portal.Core.Ops;

namespace Portal.Core.Triage;

/// <summary>
/// How much memory a VM that ran out needs: its peak use plus what it pushed out to swap, with a quarter to spare,
/// rounded up to a size people pick (256 MiB, 512 MiB, 1, 2, 4, 8, 16, 24, 32, 48, 64 GiB…), and always more than it
/// had. Above the VM's maximum at the time it needs a restart.
/// </summary>
public static class MemorySizing
{
    public const double Headroom = 1.25;

    public static long Recommend(double peakUsedKiB, double swappedKiB, long allocationKiB)
    {
        var need = (peakUsedKiB + Math.Max(0, swappedKiB)) * Headroom;
        foreach (var size in Ladder())
            if (size >= need && size > allocationKiB) return size;
        throw new InvalidOperationException("The ladder of sizes has no end.");
    }

    /// <summary>Sizes in KiB: doubling up to 16 GiB, then alternately x1.5 and x4/3 (16, 24, 32, 48, 64, 96, 128 GiB…).</summary>
    public static IEnumerable<long> Ladder()
    {
        var size = 256 * MemoryRules.MiB;
        while (size < 16 * MemoryRules.GiB)
        {
            yield return size;
            size *= 2;
        }
        while (true)
        {
            yield return size;
            yield return size * 3 / 2;
            size *= 2;
        }
    }
}
