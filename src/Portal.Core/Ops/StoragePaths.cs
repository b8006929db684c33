namespace Portal.Core.Ops;

/// <summary>
/// Lexical path folding, for telling whether two disk sources name the same image. Nothing here reads a file system:
/// what a path leads to on a host only that host's libvirt knows (<see cref="DiskSources"/>).
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
}
