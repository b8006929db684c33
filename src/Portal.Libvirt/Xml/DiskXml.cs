using System.Xml.Linq;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Xml;

/// <summary>
/// Device XML for a disk, built with XElement so that every value is escaped, whatever it holds. The source is a
/// volume's path as the host's libvirt gave it: a block device or a file, as the volume's kind says.
/// </summary>
internal static class DiskXml
{
    public static string Build(DiskSpec disk)
    {
        var isBlock = disk.IsBlockDevice;
        var driver = new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", DriverNames.Of(disk.Format)));
        if (DriverNames.Of(disk.Cache) is { } cache) driver.Add(new XAttribute("cache", cache));
        if (DriverNames.Of(disk.Io) is { } io) driver.Add(new XAttribute("io", io));

        var element = new XElement("disk",
            new XAttribute("type", isBlock ? "block" : "file"),
            new XAttribute("device", "disk"),
            driver,
            new XElement("source", new XAttribute(isBlock ? "dev" : "file", disk.Source)),
            new XElement("target", new XAttribute("dev", disk.Target), new XAttribute("bus", DriverNames.Of(disk.Bus))));
        if (disk.ReadOnly) element.Add(new XElement("readonly"));
        if (!string.IsNullOrEmpty(disk.Serial)) element.Add(new XElement("serial", disk.Serial));
        return element.ToString(SaveOptions.DisableFormatting);
    }
}
