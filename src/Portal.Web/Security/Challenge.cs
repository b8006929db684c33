using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Portal.Web.Security;

/// <summary>
/// Pages get the sign-in redirect; API calls and htmx fragment requests get a plain status code, since a redirect
/// to an HTML page would be swapped into the page or parsed as JSON.
/// </summary>
internal static class Challenge
{
    public static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var isFragment = request.Headers.ContainsKey("HX-Request");
        if (request.Path.StartsWithSegments("/api") || isFragment)
        {
            context.Response.StatusCode = status;
            if (isFragment && status == StatusCodes.Status401Unauthorized)
                context.Response.Headers["HX-Redirect"] = context.Options.LoginPath.Value;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
