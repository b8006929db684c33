using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Web.Features.Account;
using Portal.Web.Security;

namespace Portal.Web.Hosting;

public static class PortalIdentityExtensions
{
    /// <summary>Accounts, roles, password and lockout rules, two-factor sign-in, and the sign-in cookies.</summary>
    public static IHostApplicationBuilder AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName);
        // Password-reset links (Identity's default provider) live 2 hours; invitations have their own, 72 hours.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = AccountLinks.ResetLifespan);
        // Every portal process of one database reads the others' cookies and antiforgery tokens.
        services.AddDataProtection().PersistKeysToDbContext<PortalDbContext>().SetApplicationName("vm-portal");

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookiePolicy.Name(builder.Environment, "portal.auth");
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookiePolicy.SecurePolicy(builder.Environment);
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Events.OnRedirectToLogin = context => Challenge.Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Challenge.Answer(context, StatusCodes.Status403Forbidden);
        });

        // Between the password and the code: who passed the first step, for five minutes.
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = CookiePolicy.Name(builder.Environment, "portal.2fa");
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookiePolicy.SecurePolicy(builder.Environment);
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        // Every sign-in cookie is checked against the account once a minute, as open pages are: a changed password,
        // two-factor change, lock, deletion or a disabled tenant ends the other sessions, and new roles, tenant or
        // two-factor state reach the cookie.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddOptions<SecurityOptions>()
            .Bind(builder.Configuration.GetSection(SecurityOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        return builder;
    }
}
