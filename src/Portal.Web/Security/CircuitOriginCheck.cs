namespace Portal.Web.Security;

/// <summary>
/// The circuit's hub (/_blazor) accepts only our own pages: a browser always sends Origin on the WebSocket and on
/// the negotiate call, and another site's page must not open a circuit with the viewer's cookie.
/// </summary>
public sealed class CircuitOriginCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/_blazor") || IsSameOrigin(context.Request)) return next(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return !request.HttpContext.WebSockets.IsWebSocketRequest;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
