using Portal.Core.Hypervisor;

namespace Portal.Core.Inventory;

/// <summary>
/// An image the portal had a storage pool create, with the format it was created in. That format, not what libvirt
/// later probes from the image's first bytes (which the guest writes), is what the portal attaches it with: a raw disk
/// whose guest wrote a qcow2 header naming a host file as backing file stays a raw disk.
/// </summary>
public sealed class CreatedImage
{
    public CreatedImage(int hostId, string pool, string name, string path, DiskFormat format, DateTime createdUtc)
    {
        HostId = hostId;
        Pool = pool;
        Name = name;
        Path = path;
        Format = format;
        CreatedUtc = createdUtc;
    }

    public int Id { get; private set; }
    public int HostId { get; private set; }
    public string Pool { get; private set; }
    /// <summary>The volume's name in its pool.</summary>
    public string Name { get; private set; }
    /// <summary>The path the host's libvirt gave for the volume when it was created.</summary>
    public string Path { get; private set; }
    public DiskFormat Format { get; private set; }
    public DateTime CreatedUtc { get; private set; }
}
