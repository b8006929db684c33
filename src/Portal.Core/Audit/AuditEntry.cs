namespace Portal.Core.Audit;

/// <summary>One attempt at a change, whatever its outcome: who, when, what, and what the hypervisor said.</summary>
public sealed class AuditEntry
{
    public AuditEntry(DateTime timeUtc, string userName, string action, int? tenantId, int? vmId,
        string parameters, AuditOutcome outcome, string? error, string? summary = null, Guid? operationId = null)
    {
        OperationId = operationId;
        Summary = summary;
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
    /// <summary>The id the form carried: a second submission of the same form finds this entry instead of acting twice.</summary>
    public Guid? OperationId { get; private set; }
    /// <summary>What the change did, in a sentence a customer understands (null for refusals).</summary>
    public string? Summary { get; private set; }

    /// <summary>The end of an operation that was recorded as <see cref="AuditOutcome.Pending"/> first.</summary>
    public void Complete(AuditOutcome outcome, string? summary, string? error)
    {
        Outcome = outcome;
        Summary = summary;
        Error = error;
    }
}
