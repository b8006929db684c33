namespace Portal.Core.Inventory;

/// <summary>A hypervisor node the portal talks to, by libvirt URI (or <c>sim://</c> for the simulator).</summary>
public sealed class HypervisorHost
{
    public HypervisorHost(string name, string uri)
    {
        Name = name.Trim();
        Uri = uri.Trim();
        Enabled = true;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string Uri { get; private set; }
    public bool Enabled { get; private set; }
    public DateTime? LastSeenUtc { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSeen(DateTime utc)
    {
        LastSeenUtc = utc;
        LastError = null;
    }

    public void MarkFailed(string error) => LastError = error;
}
