using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(AccountPaths.Logout, SignOutAsync).RequireAntiforgery().WithMetadata(new ReachableBeforeEnrollmentAttribute());
        return routes;
    }

    private static async Task<RedirectHttpResult> SignOutAsync(SignInManager<PortalUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(AccountPaths.Login);
    }
}
