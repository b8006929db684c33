using Portal.Core.Hypervisor;

namespace Portal.Core.Inventory;

/// <summary>A network interface of a VM, identified by MAC: tap names change on every start.</summary>
public sealed class VmNic
{
    private VmNic() => Mac = Model = string.Empty;

    internal VmNic(DomainNic nic) : this() => Apply(nic);

    public int Id { get; private set; }
    public int VmId { get; private set; }
    public string Mac { get; private set; }
    public string Model { get; private set; }
    public string? HostDevice { get; private set; }

    internal void Apply(DomainNic nic)
    {
        Mac = MacAddress.Normalize(nic.Mac);
        Model = nic.Model;
        HostDevice = nic.HostDevice;
    }
}
