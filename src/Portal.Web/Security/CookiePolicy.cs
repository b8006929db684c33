namespace Portal.Web.Security;

internal static class CookiePolicy
{
    /// <summary>
    /// Outside Development cookies are Secure-only (the portal runs behind TLS, directly or via a proxy that
    /// sends X-Forwarded-Proto). Development serves plain http on localhost and follows the request.
    /// </summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>
    /// Outside Development the name carries the <c>__Host-</c> prefix: browsers then accept the cookie only when it is
    /// Secure, for the whole site and for this host alone, so a neighbouring subdomain cannot plant or overwrite it.
    /// </summary>
    public static string Name(IHostEnvironment environment, string name) => environment.IsDevelopment() ? name : "__Host-" + name;
}
