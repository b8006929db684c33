using System.Globalization;
using System.Xml.Linq;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Xml;

/// <summary>Storage volume XML: what to create, and the format of an existing volume.</summary>
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

    /// <summary>raw or qcow2 as the pool probed it; null for anything else (iso, vmdk, a directory...).</summary>
    public static DiskFormat? Format(string xml) =>
        (string?)DomainXml.Load(xml).Root?.Element("target")?.Element("format")?.Attribute("type") switch
        {
            "raw" => DiskFormat.Raw,
            "qcow2" => DiskFormat.Qcow2,
            _ => null,
        };
}
