using System.Text.RegularExpressions;
using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>Target device names (vda, sdb, ...) as libvirt expects them for each bus.</summary>
public static partial class DiskTargets
{
    [GeneratedRegex("^(vd|sd)([a-z]{1,2})$")]
    private static partial Regex Pattern();

    public static string PrefixFor(DiskBus bus) => bus == DiskBus.Virtio ? "vd" : "sd";

    public static bool IsValidFor(DiskBus bus, string target)
    {
        var match = Pattern().Match(target);
        return match.Success && match.Groups[1].Value == PrefixFor(bus);
    }

    /// <summary>The first free name for the bus: vda..vdz, then vdaa..vdzz.</summary>
    public static string Propose(DiskBus bus, IEnumerable<string> inUse)
    {
        var taken = inUse.ToHashSet(StringComparer.Ordinal);
        var prefix = PrefixFor(bus);
        return Suffixes().Select(s => prefix + s).First(t => !taken.Contains(t));
    }

    private static IEnumerable<string> Suffixes()
    {
        for (var c = 'a'; c <= 'z'; c++) yield return c.ToString();
        for (var a = 'a'; a <= 'z'; a++)
            for (var b = 'a'; b <= 'z'; b++)
                yield return $"{a}{b}";
    }
}
