using System.Globalization;
using System.Xml.Linq;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Xml;

/// <summary>Storage volume XML: what to create, and what the pool says of a volume it lists.</summary>
internal static class VolumeXml
{
    public static string Build(string name, DiskFormat format, long capacityBytes) =>
        new XElement("volume",
            new XElement("name", name),
            new XElement("capacity", new XAttribute("unit", "bytes"), capacityBytes.ToString(CultureInfo.InvariantCulture)),
            // Sparse: the host allocates as the guest writes.
            new XElement("allocation", new XAttribute("unit", "bytes"), 0),
            new XElement("target", new XElement("format", new XAttribute("type", DriverNames.Of(format)))))
        .ToString(SaveOptions.DisableFormatting);

    /// <summary>
    /// A volume of <paramref name="pool"/> from its XML: name, the path the host opens, kind, libvirt's format name,
    /// capacity, and the backing store as libvirt resolved it (one level; a relative or json: name becomes a path).
    /// </summary>
    public static StorageVolume Parse(string pool, string xml)
    {
        var volume = DomainXml.Load(xml).Root ?? throw new FormatException("Empty volume XML.");
        var target = volume.Element("target");
        var backing = volume.Element("backingStore");
        return new StorageVolume(
            Pool: pool,
            Name: (string?)volume.Element("name") ?? throw new FormatException("Volume XML without a name."),
            Path: (string?)target?.Element("path") ?? (string?)volume.Element("key") ?? "",
            Kind: ((string?)volume.Attribute("type") ?? "file") switch
            {
                "file" => VolumeKind.File,
                "block" => VolumeKind.Block,
                _ => VolumeKind.Other,
            },
            FormatName: (string?)target?.Element("format")?.Attribute("type"),
            CapacityBytes: (long)DomainXml.Bytes(volume.Element("capacity"), "bytes"),
            // An empty <backingStore/> is how some versions say "none".
            Backing: backing is null || !backing.HasElements ? null : new BackingStore(
                NonEmpty((string?)backing.Element("path")),
                (string?)backing.Element("format")?.Attribute("type")));
    }

    /// <summary>The pool's name, type and target directory from its XML.</summary>
    public static StoragePool ParsePool(string xml)
    {
        var pool = DomainXml.Load(xml).Root ?? throw new FormatException("Empty pool XML.");
        return new StoragePool(
            (string?)pool.Element("name") ?? throw new FormatException("Pool XML without a name."),
            (string?)pool.Attribute("type") ?? "",
            NonEmpty((string?)pool.Element("target")?.Element("path")));
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
