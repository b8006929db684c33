namespace Portal.Web.Security;

/// <summary>Configuration section <c>Portal:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Portal:Security";

    /// <summary>
    /// Support, Ops and Admin accounts must set up an authenticator app before they see anything else. On unless
    /// configured otherwise; <c>appsettings.Development.json</c> turns it off so the demo's staff accounts sign in
    /// with their password alone.
    /// </summary>
    public bool RequireTwoFactorForStaff { get; set; } = true;
}
