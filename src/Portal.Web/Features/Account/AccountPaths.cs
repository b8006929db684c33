namespace Portal.Web.Features.Account;

/// <summary>The account pages' addresses, in one place for links, redirects and the enrollment gate.</summary>
public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string LoginTwoFactor = "/account/login/two-factor";
    public const string LoginRecovery = "/account/login/recovery";
    public const string Logout = "/account/logout";
    public const string Account = "/account";
    public const string Enroll = "/account/two-factor/enroll";

    /// <summary>A path with its ReturnUrl (and whether to keep the sign-in), when there is one worth carrying.</summary>
    public static string With(string path, string? returnUrl, bool rememberMe = false)
    {
        var query = new List<string>();
        if (LocalUrl.IsLocal(returnUrl) && returnUrl != "/") query.Add("ReturnUrl=" + Uri.EscapeDataString(returnUrl!));
        if (rememberMe) query.Add("RememberMe=true");
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
