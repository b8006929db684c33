using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Portal.Web.Security;

namespace Portal.Web.Hosting;

/// <summary>What stands between the internet and the portal: proxies, TLS, request limits, throttling, headers.</summary>
public static class FrontDoorExtensions
{
    public static IHostApplicationBuilder AddPortalFrontDoor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FrontDoorOptions>()
            .Bind(builder.Configuration.GetSection(FrontDoorOptions.Section))
            .ValidateDataAnnotations()
            .Validate(FrontDoorOptions.ProxiesAreValid, "Portal:FrontDoor:TrustedProxies must hold IP addresses or networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        var frontDoor = builder.Configuration.GetSection(FrontDoorOptions.Section).Get<FrontDoorOptions>() ?? new FrontDoorOptions();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<FrontDoorOptions>>((o, options) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in options.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                else if (System.Net.IPNetwork.TryParse(proxy, out var network)) o.KnownIPNetworks.Add(network);
            }
        });
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = frontDoor.MaxRequestBodyBytes);
        services.Configure<FormOptions>(FormGuard.Limit);
        services.AddRateLimiter(o => SignInThrottle.Configure(o, frontDoor));
        services.AddSingleton<SignInThrottle.Recent>();
        services.AddSingleton<RefusalLimiter>();
        return builder;
    }

    /// <summary>In order: the client as the trusted proxy saw it, headers on every answer, HTTPS, throttling, form limits.</summary>
    public static WebApplication UsePortalFrontDoor(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseMiddleware<TlsRequirement>();
            app.UseHsts();
        }
        app.UseRateLimiter();
        app.UseMiddleware<FormGuard>();
        return app;
    }
}
