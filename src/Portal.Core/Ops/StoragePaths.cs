namespace Portal.Core.Ops;

/// <summary>
/// Lexical path rules for disk sources. The host's own view (symlinks resolved) comes from
/// <see cref="Hypervisor.IHypervisorConnection.InspectFileAsync"/>; both must stay inside a storage root.
/// </summary>
public static class StoragePaths
{
    /// <summary>An absolute path with '.', '..' and repeated slashes folded; null when it is not absolute or climbs above '/'.</summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal)) return null;
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>True when <paramref name="path"/> is strictly below one of the roots (both normalized).</summary>
    public static bool IsWithin(string path, IEnumerable<string> roots) =>
        Normalize(path) is { } normalized && roots.Select(Normalize).OfType<string>().Any(root =>
            normalized.StartsWith(root == "/" ? "/" : root + "/", StringComparison.Ordinal) && normalized.Length > root.Length + 1);
}
