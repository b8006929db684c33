namespace Portal.Core.Tenancy;

/// <summary>The account that made a change through the portal, as it is now: gone, staff (no tenant), or a tenant's customer.</summary>
/// <param name="Name">The user name the audit trail recorded.</param>
/// <param name="Exists">Whether the account still exists.</param>
/// <param name="TenantId">The account's tenant now; null for staff.</param>
public sealed record ActorAccount(string Name, bool Exists, int? TenantId);

/// <summary>
/// Who caused a mark on a VM's charts, as a viewer reads it. Staff read the account's name, as the audit trail has it.
/// Customers read their own changes as "you", a colleague's by name, and staff's as the operations team: customers
/// never learn staff accounts' names (nor, on the changes list, who made a change).
/// </summary>
public static class EventActor
{
    public const string You = "you";
    public const string Staff = "the operations team";
    public const string Unknown = "another user";

    public static string Describe(ActorAccount actor, ViewerScope viewer, string? viewerName)
    {
        if (viewer.AllTenants) return actor.Name;
        if (viewerName is not null && string.Equals(actor.Name, viewerName, StringComparison.OrdinalIgnoreCase)) return You;
        if (!actor.Exists) return Unknown;
        if (actor.TenantId is null) return Staff;
        return actor.TenantId == viewer.TenantId ? actor.Name : Unknown;
    }
}
