namespace Portal.Core.Audit;

/// <summary>One attempt at a change, whatever its outcome: who, when, what, and what the hypervisor said.</summary>
public sealed class AuditEntry
{
    public AuditEntry(DateTime timeUtc, string userName, string action, int? tenantId, int? vmId,
        string parameters, AuditOutcome outcome, string? error)
    {
        TimeUtc = timeUtc;
        UserName = userName;
        Action = action;
        TenantId = tenantId;
        VmId = vmId;
        Parameters = parameters;
        Outcome = outcome;
        Error = error;
    }

    public long Id { get; private set; }
    public DateTime TimeUtc { get; private set; }
    public string UserName { get; private set; }
    public string Action { get; private set; }
    public int? TenantId { get; private set; }
    public int? VmId { get; private set; }
    /// <summary>The request as JSON, so an entry reads the same whatever the action.</summary>
    public string Parameters { get; private set; }
    public AuditOutcome Outcome { get; private set; }
    public string? Error { get; private set; }
}
