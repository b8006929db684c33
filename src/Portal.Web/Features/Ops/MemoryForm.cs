using System.Globalization;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>The memory dialog's fields: a size with its unit, and when a change above the maximum applies.</summary>
public sealed class MemoryForm
{
    public const string Live = "live";
    public const string RestartNow = "restart-now";
    public const string NextStart = "next-start";

    public Guid Operation { get; set; } = Guid.NewGuid();
    public string? Size { get; set; }
    public string Unit { get; set; } = "GiB";
    public string Apply { get; set; } = Live;

    /// <summary>The fields as they are now, for an operation that must not see later edits.</summary>
    public MemoryForm Copy() => (MemoryForm)MemberwiseClone();

    /// <summary>The size in KiB, or an error for junk ("abc", "-1", "1e9", more than the portal allows).</summary>
    public long? TargetKiB(out ValidationError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(Size) ||
            !decimal.TryParse(Size, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > 1 << 24)
        {
            error = new("memory", $"'{Size}' is not a memory size: write a number of {Unit}, like 6 or 1.5.");
            return null;
        }
        var kib = value * (Unit == "MiB" ? MemoryRules.MiB : MemoryRules.GiB);
        if (kib != decimal.Truncate(kib))
        {
            error = new("memory", "Memory is set in whole KiB.");
            return null;
        }
        return (long)kib;
    }

    public object AuditParameters(long? targetKiB) => new { size = Size, unit = Unit, memoryKiB = targetKiB, apply = Apply };
}
