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

    /// <summary>The prefix libvirt gives the element (virDomainSetMetadata's key).</summary>
    public const string Prefix = "portal";

    public static readonly XNamespace Ns = Namespace;

    /// <summary>
    /// The element as virDomainSetMetadata takes it: without a namespace, since libvirt puts the element and its
    /// children into <see cref="Namespace"/> itself (an element that declares the prefix already is refused with
    /// "failed to create a new XML namespace"). Built with XElement, so the slug is escaped whatever it holds.
    /// </summary>
    internal static string Build(string tenantSlug) =>
        new XElement("vm", new XElement("tenant", tenantSlug)).ToString(SaveOptions.DisableFormatting);
}
