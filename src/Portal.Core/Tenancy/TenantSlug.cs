using System.Text.RegularExpressions;

namespace Portal.Core.Tenancy;

/// <summary>A tenant slug is what a hypervisor's domain metadata names, so it stays short and URL/XML-safe.</summary>
public static partial class TenantSlug
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    public static string Normalize(string slug)
    {
        var normalized = slug.Trim().ToLowerInvariant();
        return IsValid(normalized)
            ? normalized
            : throw new ArgumentException($"'{slug}' is not a valid tenant slug (lowercase letters, digits and dashes).", nameof(slug));
    }
}
