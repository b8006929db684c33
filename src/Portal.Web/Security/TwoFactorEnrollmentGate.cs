using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Web.Features.Account;

namespace Portal.Web.Security;

/// <summary>
/// A staff account that has to set up two-factor sign-in (<see cref="PortalClaims.NeedsTwoFactorEnrollment"/>) gets
/// nothing but the enrollment page: other pages redirect there, everything else (API, the circuit's hub, forms) is a
/// 403 with a problem-details body. What anyone may reach without signing in (sign-in, errors, static files, health)
/// and endpoints marked <see cref="ReachableBeforeEnrollmentAttribute"/> (enrollment, sign-out) stay open.
/// </summary>
public sealed class TwoFactorEnrollmentGate(RequestDelegate next, IOptionsMonitor<SecurityOptions> options, IOptions<IdentityOptions> identity)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.User.NeedsTwoFactorEnrollment(options.CurrentValue.RequireTwoFactorForStaff, identity.Value.ClaimsIdentity.RoleClaimType))
            return next(context);
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ReachableBeforeEnrollmentAttribute>() is not null
            || endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return next(context);

        var request = context.Request;
        if (IsPageRequest(context, endpoint))
        {
            context.Response.Redirect(AccountPaths.Enroll + "?ReturnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
            return Task.CompletedTask;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Two-factor enrollment is required.",
            detail: $"Staff accounts must set up an authenticator app before using the portal. Open {AccountPaths.Enroll} in a browser.",
            extensions: new Dictionary<string, object?> { ["enroll"] = AccountPaths.Enroll }).ExecuteAsync(context);
    }

    /// <summary>A person's browser asking for a page (a Razor page, or an address with no endpoint, which would be a 404 page).</summary>
    private static bool IsPageRequest(HttpContext context, Endpoint? endpoint)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/_blazor")) return false;
        return endpoint is null || endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
    }
}

/// <summary>Marks what a staff account that still has to set up two-factor sign-in may use: the enrollment page and sign-out.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class ReachableBeforeEnrollmentAttribute : Attribute;
