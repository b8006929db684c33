using Portal.Core.Inventory;

namespace Portal.Core.Tenancy;

/// <summary>
/// One period in which a tenant owned a VM: from when the assignment was written (null: since the portal first saw
/// the VM) until it changed (null: still owned). A customer reads a VM's history only inside their tenant's periods.
/// </summary>
public sealed class VmOwnership
{
    public VmOwnership(int vmId, int tenantId, DateTime? fromUtc)
    {
        VmId = vmId;
        TenantId = tenantId;
        FromUtc = fromUtc;
    }

    private VmOwnership(Vm vm, int tenantId, DateTime? fromUtc) : this(vm.Id, tenantId, fromUtc) => Vm = vm;

    public long Id { get; private set; }
    public int VmId { get; private set; }
    /// <summary>Set for a VM not stored yet, so that the period is stored with it.</summary>
    public Vm? Vm { get; private set; }
    public int TenantId { get; private set; }
    public DateTime? FromUtc { get; private set; }
    public DateTime? ToUtc { get; private set; }

    public bool IsOpen => ToUtc is null;

    /// <summary>
    /// The ledger's one rule: when a VM's tenant changes at <paramref name="atUtc"/>, the open period ends there and
    /// the new tenant's period starts there. A VM that already has its tenant when the portal first sees it is owned
    /// by that tenant since then (its history starts there anyway). Returns the new period to store, or null when
    /// there is none (unassigned, or no change).
    /// </summary>
    public static VmOwnership? Transfer(Vm vm, VmOwnership? open, int? tenantId, DateTime atUtc, bool firstSighting = false)
    {
        if (open is not null && open.TenantId == tenantId) return null;
        open?.End(atUtc);
        return tenantId is { } newTenant ? new VmOwnership(vm, newTenant, firstSighting ? null : atUtc) : null;
    }

    private void End(DateTime atUtc) => ToUtc = FromUtc is { } from && atUtc < from ? from : atUtc;
}
