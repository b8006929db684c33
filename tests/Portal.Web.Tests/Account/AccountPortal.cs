using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Account;

/// <summary>
/// The demo portal with two-factor required for staff (as outside Development), every request from
/// <see cref="ClientAddress"/>, and sign-in cookies checked against the account on every request instead of once a
/// minute, so "at the next check" happens at the next request.
/// </summary>
public sealed class AccountPortal : PortalFactory
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("203.0.113.9");

    public AccountPortal()
    {
        Settings = new Dictionary<string, string> { ["Portal:Security:RequireTwoFactorForStaff"] = "true" };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
            services.AddTransient<IStartupFilter, FromClientAddress>();
        });
    }

    /// <summary>A new account of this role (a customer of acme), with the demo password.</summary>
    public async Task<string> NewAccountAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var tenantId = role == Core.Tenancy.Roles.Customer ? await db.Tenants.Where(t => t.Slug == "acme").Select(t => (int?)t.Id).SingleAsync() : null;
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, TenantId = tenantId };
        Assert.True((await users.CreateAsync(user, DemoAccounts.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.UserName == userName).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<T> WithUsersAsync<T>(Func<UserManager<PortalUser>, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>());
    }

    private sealed class FromClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = ClientAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
