namespace Portal.Core.Audit;

public enum AuditOutcome
{
    Succeeded = 1,
    /// <summary>Rejected before reaching the hypervisor: not allowed, or invalid.</summary>
    Refused = 2,
    /// <summary>The hypervisor was asked and reported an error.</summary>
    Failed = 3,
    /// <summary>Accepted by the hypervisor but not yet confirmed (a detach the guest has not released).</summary>
    Pending = 4,
}
