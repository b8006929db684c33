using System.Xml.Linq;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Xml;

/// <summary>
/// A parsed domain XML: the port's description plus what detaching needs (each disk's element and alias), and the
/// portal's name for each device alias (a disk's target, a NIC's MAC), by which device events are reported.
/// </summary>
internal sealed record DomainDefinition(DomainDescription Description, IReadOnlyDictionary<string, XElement> DiskElements,
    IReadOnlyDictionary<string, string> DeviceNames)
{
    public string? AliasOf(string target) =>
        DiskElements.TryGetValue(target, out var disk) ? (string?)disk.Element("alias")?.Attribute("name") : null;
}
