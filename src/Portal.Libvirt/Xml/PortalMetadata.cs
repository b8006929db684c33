using System.Xml.Linq;

namespace Portal.Libvirt.Xml;

/// <summary>
/// The portal's element in a domain's &lt;metadata&gt;: <c>&lt;portal:vm xmlns:portal="urn:vm-portal:metadata:1"&gt;
/// &lt;portal:tenant&gt;acme&lt;/portal:tenant&gt;&lt;/portal:vm&gt;</c>. Set it with
/// <c>virsh metadata DOMAIN urn:vm-portal:metadata:1 --key portal --set '&lt;vm&gt;&lt;tenant&gt;acme&lt;/tenant&gt;&lt;/vm&gt;'</c>.
/// </summary>
public static class PortalMetadata
{
    public const string Namespace = "urn:vm-portal:metadata:1";

    public static readonly XNamespace Ns = Namespace;
}
