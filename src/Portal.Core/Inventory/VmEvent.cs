namespace Portal.Core.Inventory;

public sealed class VmEvent
{
    public VmEvent(int vmId, DateTime timeUtc, VmEventKind kind, string? detail, long? auditEntryId = null)
    {
        AuditEntryId = auditEntryId;
        VmId = vmId;
        TimeUtc = timeUtc;
        Kind = kind;
        Detail = detail;
    }

    public long Id { get; private set; }
    public int VmId { get; private set; }
    public DateTime TimeUtc { get; private set; }
    public VmEventKind Kind { get; private set; }
    public string? Detail { get; private set; }
    /// <summary>The change through the portal that caused it (its audit entry), which says who; null for what the host did of its own.</summary>
    public long? AuditEntryId { get; private set; }
}
