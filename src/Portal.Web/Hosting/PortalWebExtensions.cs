using Microsoft.AspNetCore.HttpOverrides;
using Portal.Web.Components;
using Portal.Web.Features.Account;
using Portal.Web.Features.Admin;
using Portal.Web.Mail;
using Portal.Web.Features.Audit;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using MudBlazor.Services;
using Portal.Web.Features.Ops;
using Portal.Web.Features.Triage;
using Portal.Web.Features.Vms;
using Portal.Web.Features.Vms.Metrics;
using Portal.Web.Security;

namespace Portal.Web.Hosting;

public static class PortalWebExtensions
{
    /// <summary>Pages, options and the per-feature services of the web host.</summary>
    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>()
            .Bind(builder.Configuration.GetSection(PortalOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Hosts.Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == o.Hosts.Count,
                "Portal:Hosts has two hosts of the same name.")
            .Validate(o => !o.Demo || builder.Environment.IsDevelopment(),
                $"Portal:Demo must be false outside Development (this is {builder.Environment.EnvironmentName}): the demo accounts' password is published on the sign-in page.")
            .ValidateOnStart();

        // Interactive server rendering for the signed-in portal; the circuit's messages from the browser stay small.
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 32 * 1024);
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = CookiePolicy.Name(builder.Environment, "portal.af");
            o.Cookie.SecurePolicy = CookiePolicy.SecurePolicy(builder.Environment);
        });
        services.AddProblemDetails();
        // A query value that does not bind (points=abc) is the caller's mistake: a 400, not an exception (which
        // Development would otherwise throw for the exception page).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        // Chart data compresses several-fold. Only data types: pages carry antiforgery tokens, and compressing
        // secrets next to attacker-chosen text is what BREACH exploits.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["application/json", "text/csv"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);

        services.AddOptions<OpsOptions>()
            .Bind(builder.Configuration.GetSection(OpsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(OpsOptions.NoRoots, OpsOptions.RootsGone)
            .Validate(OpsOptions.PoolsAreValid, OpsOptions.PoolsRule)
            .ValidateOnStart();

        // Features
        services.AddScoped<VmDirectory>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountAudit>();
        services.AddSingleton<VmOperationGate>();
        services.AddScoped<OperationRunner>();
        services.AddScoped<DiskOperations>();
        services.AddScoped<MemoryOperations>();
        services.AddScoped<PowerOperations>();
        services.AddScoped<EventCauses>();
        services.AddScoped<PowerMarks>();
        services.AddScoped<VmTrends>();
        services.AddScoped<VmSeries>();
        services.AddScoped<MetricsEndpoints.MetricsRequests>();
        services.AddOptions<TriageOptions>()
            .Bind(builder.Configuration.GetSection(TriageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<TriageReads>();
        services.AddScoped<TriageService>();
        services.AddSingleton<AdminAudit>();
        services.AddScoped<TenantAdministration>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<VmAssignments>();
        services.AddOptions<MailOptions>()
            .Bind(builder.Configuration.GetSection(MailOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.IsConfigured || MimeKit.MailboxAddress.TryParse(o.From, out _), "Portal:Mail:From must be a mail address such as 'VM Portal <portal@example.com>'.")
            .ValidateOnStart();
        services.AddSingleton<Mailer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoHistorySeeder>();
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UsePortalFrontDoor();
        app.UseResponseCompression();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        // People get a page for 404s; API callers keep the bare status (or the problem details they were given).
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/_blazor"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // API callers get problem details for a bare status (a parameter that does not bind, a VM not found).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseMiddleware<CircuitOriginCheck>();
        app.UseAuthentication();
        app.UseMiddleware<TwoFactorEnrollmentGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapVmsApi();
        app.MapMetricsApi();
        app.MapTriageApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
