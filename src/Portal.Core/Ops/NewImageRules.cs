using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>Rules for an image the portal has a storage pool create: a plain volume name, and a sane size.</summary>
public static partial class NewImageRules
{
    public const int MaxNameLength = 100;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    /// <summary>The file name with the format's extension, added when missing (data-01 → data-01.qcow2).</summary>
    public static string FileName(string name, DiskFormat format)
    {
        var extension = "." + DiskFormats.Name(format);
        return name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name : name + extension;
    }

    public static IReadOnlyList<ValidationError> ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return [new("newName", "Give the new image a file name.")];
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
            return [new("newName", $"A file name is up to {MaxNameLength} letters, digits, '.', '_' and '-', starting with a letter or digit (no '/').")];
        return [];
    }

    /// <summary>An error when the pool, as just listed, has a volume of that name already.</summary>
    public static ValidationError? Taken(string fileName, StoragePoolContents pool) =>
        pool.Volumes.Any(v => v.Name == fileName)
            ? new("newName", $"{fileName} exists already in the pool {pool.Pool.Name}: choose another name, or attach it as an existing image.")
            : null;

    /// <summary>Parses a size in GiB as typed ("20", "0.5"); junk, zero, negative and oversized values are errors.</summary>
    public static long? ParseSizeGiB(string? text, long maxGiB, out ValidationError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new("newSize", "Give the size of the new image in GiB.");
            return null;
        }
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var gib))
        {
            error = new("newSize", $"'{text}' is not a size: write a number of GiB, like 20 or 0.5.");
            return null;
        }
        if (gib <= 0 || gib > maxGiB)
        {
            error = new("newSize", $"The size must be more than 0 and at most {maxGiB} GiB.");
            return null;
        }
        var bytes = decimal.Round(gib * (1L << 30) / (1 << 20)) * (1 << 20); // whole MiB
        if (bytes < 1 << 20)
        {
            error = new("newSize", "The size must be at least 1 MiB.");
            return null;
        }
        return (long)bytes;
    }
}
