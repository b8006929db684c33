using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Web.Security;

/// <summary>
/// Validates the antiforgery token on endpoints that change something and bind no form (sign-out); the framework
/// only enforces it where a handler binds a form.
/// </summary>
public sealed class AntiforgeryCheck(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The form has expired or did not come from this portal. Reload the page and try again.");
        }
        return await next(context);
    }
}

public static class AntiforgeryCheckExtensions
{
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AntiforgeryCheck>();
}
