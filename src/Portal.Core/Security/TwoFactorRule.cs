using Portal.Core.Tenancy;

namespace Portal.Core.Security;

/// <summary>
/// Who has to set up two-factor sign-in before using the portal: staff (Support, Ops, Admin) read every tenant, so
/// when the portal requires it, a staff account without an authenticator app sees nothing but the enrollment page.
/// Customers may turn two-factor on; they are never made to.
/// </summary>
public static class TwoFactorRule
{
    /// <param name="roles">The account's roles.</param>
    /// <param name="enrolled">Whether the account has two-factor sign-in turned on (an authenticator app confirmed).</param>
    /// <param name="requiredForStaff">The portal's setting <c>Portal:Security:RequireTwoFactorForStaff</c>.</param>
    public static bool NeedsEnrollment(IEnumerable<string> roles, bool enrolled, bool requiredForStaff)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return requiredForStaff && !enrolled && roles.Any(role => Roles.Staff.Contains(role, StringComparer.Ordinal));
    }
}
