namespace Portal.Core.Inventory;

public static class MacAddress
{
    public static string Normalize(string mac) => mac.Trim().ToLowerInvariant();

    public static bool Equal(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
