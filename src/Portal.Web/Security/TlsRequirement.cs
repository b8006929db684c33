using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Outside Development the portal speaks HTTPS only (its cookies are Secure, <c>__Host-</c>). A plain HTTP request is
/// sent to HTTPS where the port is known (configured, or an HTTPS endpoint of this server); otherwise it gets a page
/// saying what is missing, and the log says it once: never an error from deep inside the sign-in.
/// </summary>
public sealed partial class TlsRequirement(RequestDelegate next, IOptions<FrontDoorOptions> options, IConfiguration configuration,
    IServer server, ILogger<TlsRequirement> logger)
{
    private int _logged;

    public async Task InvokeAsync(HttpContext context)
    {
        // Load balancers probe health over plain HTTP inside the network.
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz"))
        {
            await next(context);
            return;
        }
        if (HttpsPort() is { } port)
        {
            var request = context.Request;
            var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = $"https://{host}{request.PathBase}{request.Path}{request.QueryString}";
            return;
        }
        if (Interlocked.Exchange(ref _logged, 1) == 0) LogNeedsTls(logger, context.Request.Host.ToString());
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page, context.RequestAborted);
    }

    private int? HttpsPort()
    {
        if (options.Value.HttpsPort is { } configured) return configured;
        // The framework's own setting for HTTPS redirection (ASPNETCORE_HTTPS_PORT, --https_port).
        if (int.TryParse(configuration["HTTPS_PORT"] ?? configuration["ANCM_HTTPS_PORT"], out var port)) return port;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            if (address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && BindingAddress.Parse(address).Port is > 0 and var bound)
                return bound;
        return null;
    }

    public const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>HTTPS needed · VM Portal</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
        <h1>This portal needs HTTPS</h1>
        <p data-testid="needs-tls">It was reached over plain HTTP, and it only works over an encrypted connection: its sign-in
        cookies are never sent in the clear.</p>
        <p>If you run the portal: give it a TLS certificate (Kestrel's HTTPS endpoint), or put it behind a TLS-terminating proxy
        that sends <code>X-Forwarded-Proto: https</code> and is listed in <code>Portal:FrontDoor:TrustedProxies</code>. Set
        <code>Portal:FrontDoor:HttpsPort</code> to send plain HTTP to HTTPS instead of showing this page.</p>
        </body></html>
        """;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request for {Host} came over plain HTTP and no HTTPS port is known: the portal needs TLS, or a TLS-terminating proxy that sends X-Forwarded-Proto and is listed in Portal:FrontDoor:TrustedProxies (Portal:FrontDoor:HttpsPort redirects instead). Shown once.")]
    private static partial void LogNeedsTls(ILogger logger, string host);
}
