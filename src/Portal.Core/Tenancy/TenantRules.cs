namespace Portal.Core.Tenancy;

/// <summary>What a tenant's name and slug may be; the admin pages show these messages at the field.</summary>
public static class TenantRules
{
    public const int MaxNameLength = 100;

    public static string? NameError(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) return "A tenant needs a name.";
        if (trimmed.Length > MaxNameLength) return $"A tenant's name is at most {MaxNameLength} characters.";
        if (trimmed.Any(char.IsControl)) return "A tenant's name cannot contain control characters.";
        return null;
    }

    public static string? SlugError(string? slug)
    {
        var trimmed = slug?.Trim().ToLowerInvariant() ?? "";
        if (trimmed.Length == 0) return "A tenant needs a short name (slug) for the hosts' metadata.";
        return TenantSlug.IsValid(trimmed)
            ? null
            : "Use 1 to 40 lowercase letters, digits and dashes, starting and ending with a letter or digit.";
    }

    public static string NormalizeName(string name) =>
        NameError(name) is { } error ? throw new ArgumentException(error, nameof(name)) : name.Trim();

    /// <summary>A slug suggested from a name ("Umbrella Corp." -> "umbrella-corp"), or "" when nothing is left.</summary>
    public static string SuggestSlug(string? name)
    {
        var chars = new List<char>();
        foreach (var c in (name ?? "").Trim().ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) chars.Add(c);
            else if (chars.Count > 0 && chars[^1] != '-') chars.Add('-');
        }
        var slug = new string(chars.ToArray()).Trim('-');
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }
}
