namespace Portal.Core.Ops;

/// <summary>Bounds for memory changes; a live change can never pass the domain's current maximum.</summary>
public static class MemoryRules
{
    public const long MiB = 1024;
    public const long GiB = 1024 * 1024;

    public static IReadOnlyList<ValidationError> Validate(long targetKiB, long minKiB, long maxKiB)
    {
        if (targetKiB < minKiB)
            return [new("memory", $"Memory must be at least {Format(minKiB)}.")];
        if (targetKiB > maxKiB)
            return [new("memory", $"Memory can be at most {Format(maxKiB)} on this portal.")];
        if (targetKiB % MiB != 0)
            return [new("memory", "Memory is set in whole MiB.")];
        return [];
    }

    /// <summary>How a validated target applies to a domain whose maximum is <paramref name="currentMaxKiB"/>.</summary>
    public static MemoryPlan Plan(long targetKiB, long currentMaxKiB) =>
        targetKiB <= currentMaxKiB
            ? new MemoryPlan(MemoryPlanKind.Live, targetKiB, currentMaxKiB)
            : new MemoryPlan(MemoryPlanKind.ConfigAndRestart, targetKiB, targetKiB);

    public static string Format(long kib) =>
        kib % GiB == 0 ? $"{kib / GiB} GiB" : kib % MiB == 0 ? $"{kib / MiB} MiB" : $"{kib} KiB";
}
