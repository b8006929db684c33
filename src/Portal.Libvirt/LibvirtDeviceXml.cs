using System.Xml.Linq;
using Portal.Core.Hypervisor;
using Portal.Libvirt.Xml;

namespace Portal.Libvirt;

/// <summary>The device XML the portal hands libvirt, for people to read before they apply it.</summary>
public static class LibvirtDeviceXml
{
    public static string Disk(DiskSpec disk) => XElement.Parse(DiskXml.Build(disk)).ToString();
}
