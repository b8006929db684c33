using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Identity;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests;

public class ProductionModeTests
{
    [Fact]
    public async Task Production_has_no_demo_accounts_and_secure_cookies()
    {
        await using var portal = new PortalFactory { EnvironmentName = "Production", Demo = false };
        using var client = portal.NewClient();

        var page = await client.GetPageAsync("/account/login");
        using var signIn = await client.SignInAsync(DemoAccounts.All[0].Email);

        Assert.Null(page.QuerySelector("[data-testid=demo-accounts]"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // no such account: the form comes back with an error
        using var scope = portal.Services.CreateScope();
        Assert.Empty(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().Users);

        using var fresh = portal.NewClient();
        using var response = await fresh.GetAsync(new Uri("/account/login", UriKind.Relative));
        var antiforgeryCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-portal.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_first_admin_is_created_by_the_documented_command_and_gets_a_secure_session()
    {
        await using var portal = new PortalFactory { EnvironmentName = "Production", Demo = false };
        Environment.SetEnvironmentVariable("PORTAL_ADMIN_PASSWORD", "First-admin-pass-1");
        try
        {
            var exit = await Portal.Web.Hosting.AdminCommand.RunAsync(portal.Services, ["create-admin", "root@example.com"]);
            Assert.Equal(0, exit);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PORTAL_ADMIN_PASSWORD", null);
        }

        using var client = portal.NewClient();
        using var signIn = await client.SignInAsync("root@example.com", "First-admin-pass-1");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-portal.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", authCookie, StringComparison.OrdinalIgnoreCase);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync("root@example.com"))!, "Admin"));
    }
}
