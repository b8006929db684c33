using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Libvirt.Xml;

/// <summary>Reads libvirt domain XML into the port's model. Unknown or absent attributes fall back to defaults.</summary>
internal static class DomainXml
{
    public static DomainDefinition Parse(string xml, VmState state)
    {
        var domain = Load(xml).Root ?? throw new FormatException("Empty domain XML.");
        var devices = domain.Element("devices");
        var diskElements = (devices?.Elements("disk") ?? [])
            .Where(d => ((string?)d.Attribute("device") ?? "disk") == "disk" && d.Element("target")?.Attribute("dev") is not null)
            .ToDictionary(d => (string)d.Element("target")!.Attribute("dev")!, StringComparer.Ordinal);

        var (memoryKiB, maxKiB) = Memory(domain);
        var description = new DomainDescription(
            Uuid: Guid.Parse((string?)domain.Element("uuid") ?? throw new FormatException("Domain XML without a UUID.")),
            Name: (string?)domain.Element("name") ?? "",
            State: state,
            Vcpus: Vcpus(domain.Element("vcpu")),
            MemoryKiB: memoryKiB,
            MaxMemoryKiB: maxKiB,
            TenantTag: domain.Element("metadata")?.Element(PortalMetadata.Ns + "vm")?.Element(PortalMetadata.Ns + "tenant")?.Value.Trim(),
            Disks: diskElements.Values.Select(Disk).ToArray(),
            Nics: (devices?.Elements("interface") ?? []).Select(Nic).Where(n => n.Mac.Length > 0).ToArray());
        return new DomainDefinition(description, diskElements, DeviceNames(devices));
    }

    /// <summary>
    /// The names the portal gives the devices libvirt has aliases for (a live definition has them): a disk's target,
    /// a NIC's MAC. Device events carry the alias only.
    /// </summary>
    private static Dictionary<string, string> DeviceNames(XElement? devices)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in devices?.Elements() ?? [])
        {
            if ((string?)device.Element("alias")?.Attribute("name") is not { Length: > 0 } alias) continue;
            var name = device.Name.LocalName switch
            {
                "disk" => (string?)device.Element("target")?.Attribute("dev"),
                "interface" => ((string?)device.Element("mac")?.Attribute("address"))?.ToLowerInvariant(),
                _ => null,
            };
            if (name is { Length: > 0 }) names[alias] = name;
        }
        return names;
    }

    /// <summary>
    /// <paramref name="live"/> (an active domain's live description) with the sizes of its persistent definition as
    /// <see cref="DomainDescription.NextStartMemoryKiB"/> and <see cref="DomainDescription.NextStartMaxMemoryKiB"/>
    /// when they differ from the live ones.
    /// </summary>
    public static DomainDescription WithNextStart(DomainDescription live, string persistentXml)
    {
        var (memoryKiB, maxKiB) = Memory(Load(persistentXml).Root ?? throw new FormatException("Empty domain XML."));
        return SameMiB(memoryKiB, live.MemoryKiB) && SameMiB(maxKiB, live.MaxMemoryKiB)
            ? live
            : live with { NextStartMemoryKiB = memoryKiB, NextStartMaxMemoryKiB = maxKiB };
    }

    /// <summary>
    /// QEMU starts a domain with its memory rounded up to whole MiB and balloons in pages, so a persistent size that
    /// differs from the live one by less is not a change anyone made (the portal sets whole MiB).
    /// </summary>
    private static bool SameMiB(long aKiB, long bKiB) => (aKiB + 1023) / 1024 == (bKiB + 1023) / 1024;

    /// <summary>Current and maximum memory; the current is the maximum when the definition does not say.</summary>
    private static (long MemoryKiB, long MaxMemoryKiB) Memory(XElement domain)
    {
        var maxKiB = Kibibytes(domain.Element("memory"));
        return (domain.Element("currentMemory") is { } current ? Kibibytes(current) : maxKiB, maxKiB);
    }

    /// <summary>DTDs are refused: domain XML never has one, and a hostile one could expand without bound.</summary>
    public static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }

    private static DomainDisk Disk(XElement disk)
    {
        var driver = disk.Element("driver");
        var source = disk.Element("source");
        return new DomainDisk(
            Target: (string)disk.Element("target")!.Attribute("dev")!,
            Source: Source(source),
            Bus: Enum.TryParse<DiskBus>((string?)disk.Element("target")!.Attribute("bus"), ignoreCase: true, out var bus) ? bus : DiskBus.Virtio,
            Format: DriverNames.Format((string?)driver?.Attribute("type")),
            Cache: DriverNames.Cache((string?)driver?.Attribute("cache")),
            Io: DriverNames.Io((string?)driver?.Attribute("io")),
            ReadOnly: disk.Element("readonly") is not null,
            Serial: (string?)disk.Element("serial"));
    }

    /// <summary>A file or device path; a volume of a pool as <c>pool/volume</c>; a network disk by its name.</summary>
    private static string Source(XElement? source) =>
        (string?)source?.Attribute("file") ?? (string?)source?.Attribute("dev") ??
        (source?.Attribute("pool") is { } pool && source.Attribute("volume") is { } volume ? $"{pool.Value}/{volume.Value}" : null) ??
        (string?)source?.Attribute("name") ?? "";

    private static DomainNic Nic(XElement nic) => new(
        Mac: ((string?)nic.Element("mac")?.Attribute("address") ?? "").ToLowerInvariant(),
        Model: (string?)nic.Element("model")?.Attribute("type") ?? "",
        HostDevice: (string?)nic.Element("target")?.Attribute("dev"));

    private static int Vcpus(XElement? vcpu)
    {
        if (vcpu is null) return 1;
        var text = (string?)vcpu.Attribute("current") ?? vcpu.Value;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
    }

    /// <summary>libvirt's memory units; KiB when none is given.</summary>
    internal static long Kibibytes(XElement? element) => (long)(Bytes(element, "KiB") / 1024);

    /// <summary>A size in libvirt's units (<c>unit</c> attribute, else <paramref name="defaultUnit"/>) in bytes; 0 when absent or unreadable.</summary>
    internal static ulong Bytes(XElement? element, string defaultUnit)
    {
        if (element is null || !ulong.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return 0;
        return ((string?)element.Attribute("unit") ?? defaultUnit) switch
        {
            "b" or "bytes" => value,
            "KB" => value * 1000,
            "k" or "KiB" => value * 1024,
            "MB" => value * 1000_000,
            "M" or "MiB" => value << 20,
            "GB" => value * 1000_000_000,
            "G" or "GiB" => value << 30,
            "TB" => value * 1000_000_000_000,
            "T" or "TiB" => value << 40,
            var unit => throw new FormatException($"Unknown size unit '{unit}'."),
        };
    }
}
