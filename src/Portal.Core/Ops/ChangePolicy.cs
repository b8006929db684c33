using Portal.Core.Tenancy;

namespace Portal.Core.Ops;

/// <summary>What a change to a VM does: its configuration (disks, memory), or its power (start, stop, reboot).</summary>
public enum ChangeKind
{
    Configuration,
    Power,
}

public enum ChangeAccess
{
    Allowed,
    /// <summary>The user sees the VM but may not make this change.</summary>
    Forbidden,
    /// <summary>The VM does not exist for this user (another tenant's): they are told nothing more.</summary>
    NotFound,
}

/// <param name="Reason">For a refusal, what the user is told.</param>
public sealed record ChangeDecision(ChangeAccess Access, string? Reason = null)
{
    public bool Allowed => Access == ChangeAccess.Allowed;
}

/// <summary>
/// Who may change a VM. Ops and Admin change every VM. Customers power their own tenant's VMs when the portal lets
/// them (<c>Portal:Ops:CustomersMayPower</c>) and change nothing else; a VM of another tenant does not exist for them.
/// Support reads everything and changes nothing.
/// </summary>
public static class ChangePolicy
{
    public const string ConfigurationReserved = "Only Ops and Admin may change VMs.";
    public const string PowerReserved = "Only Ops, Admin and the VM's own customers may start, stop or reboot it.";
    public const string PowerStaffOnly = "Only Ops and Admin may start, stop or reboot VMs on this portal.";
    public const string NotFound = "This VM does not exist, or is not yours.";

    /// <param name="roles">The user's roles (<see cref="Roles"/>).</param>
    /// <param name="scope">What the user may see.</param>
    /// <param name="vmTenantId">The tenant the VM belongs to now (null: none).</param>
    public static ChangeDecision Decide(ChangeKind kind, IReadOnlyCollection<string> roles, ViewerScope scope, int? vmTenantId, bool customersMayPower)
    {
        if (roles.Contains(Roles.Ops) || roles.Contains(Roles.Admin)) return new(ChangeAccess.Allowed);
        if (!scope.CanSee(vmTenantId)) return new(ChangeAccess.NotFound, NotFound);
        if (kind == ChangeKind.Configuration) return new(ChangeAccess.Forbidden, ConfigurationReserved);
        if (roles.Contains(Roles.Customer) && !scope.AllTenants)
            return customersMayPower ? new(ChangeAccess.Allowed) : new(ChangeAccess.Forbidden, PowerStaffOnly);
        return new(ChangeAccess.Forbidden, customersMayPower ? PowerReserved : PowerStaffOnly);
    }
}
