using System.Net.Mail;

namespace Portal.Core.Tenancy;

/// <summary>
/// What an admin may do to accounts. Every rule that could lock the company out of its own portal lives here:
/// the last admin stays an admin, and no admin removes, locks or demotes themself.
/// </summary>
public static class AccountRules
{
    public const int MaxEmailLength = 254;

    /// <summary>An account as the rules need to see it.</summary>
    public sealed record Account(string Id, string Role, bool Locked);

    public static string? EmailError(string? email)
    {
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length == 0) return "An email address is needed.";
        if (trimmed.Length > MaxEmailLength) return $"An email address is at most {MaxEmailLength} characters.";
        if (trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "This is not an email address.";
        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && trimmed.Contains('.', StringComparison.Ordinal)
            ? null
            : "This is not an email address.";
    }

    /// <summary>Customers belong to exactly one tenant; staff see every tenant and belong to none.</summary>
    public static string? RoleError(string? role, int? tenantId)
    {
        if (role is null || !Roles.All.Contains(role)) return "Choose a role: Customer, Support, Ops or Admin.";
        if (role == Roles.Customer && tenantId is null) return "A customer must belong to a tenant.";
        if (role != Roles.Customer && tenantId is not null) return "Staff belong to no tenant: they see every tenant.";
        return null;
    }

    /// <summary>Changing <paramref name="target"/> to <paramref name="newRole"/>, done by <paramref name="actorId"/>.</summary>
    public static string? ChangeError(string actorId, Account target, string newRole, int activeAdmins)
    {
        if (target.Role != Roles.Admin || newRole == Roles.Admin) return null;
        if (target.Id == actorId) return "You cannot take away your own Admin role; another admin can.";
        if (!target.Locked && activeAdmins <= 1) return "This is the last admin: make someone else an admin first.";
        return null;
    }

    public static string? LockError(string actorId, Account target, int activeAdmins)
    {
        if (target.Id == actorId) return "You cannot lock your own account.";
        if (target.Role == Roles.Admin && !target.Locked && activeAdmins <= 1) return "This is the last admin: it cannot be locked.";
        return null;
    }

    public static string? DeleteError(string actorId, Account target, int activeAdmins)
    {
        if (target.Id == actorId) return "You cannot delete your own account.";
        if (target.Role == Roles.Admin && !target.Locked && activeAdmins <= 1) return "This is the last admin: it cannot be deleted.";
        return null;
    }
}
