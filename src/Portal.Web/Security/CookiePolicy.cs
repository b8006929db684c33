namespace Portal.Web.Security;

internal static class CookiePolicy
{
    /// <summary>
    /// Outside Development cookies are Secure-only (the portal runs behind TLS, directly or via a proxy that
    /// sends X-Forwarded-Proto). Development serves plain http on localhost and follows the request.
    /// </summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
