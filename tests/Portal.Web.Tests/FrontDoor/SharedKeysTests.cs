using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Testing;
using Portal.Web.Features.Account;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.FrontDoor;

/// <summary>Two portal processes on one PostgreSQL database, as behind a load balancer: either accepts what the other signed.</summary>
public class SharedKeysTests
{
    [Fact]
    public async Task A_cookie_and_a_form_token_from_one_portal_are_accepted_by_the_other()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = new PortalFactory { PostgresConnectionString = database.ConnectionString };
        var signedInCookies = new CookieContainer();
        using var firstClient = first.NewClient(signedInCookies);
        using (var signIn = await firstClient.SignInAsync("support@portal.example")) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // The second starts on the same database after the first: no demo of its own, no collector.
        await using var second = new PortalFactory
        {
            PostgresConnectionString = database.ConnectionString,
            Demo = false,
            Settings = new Dictionary<string, string> { ["Portal:Collector:Enabled"] = "false" },
        };
        using var secondClient = second.NewClient();

        // The first's sign-in cookie opens the second's pages.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/vms");
        request.Headers.Add("Cookie", signedInCookies.GetCookieHeader(Localhost));
        using var answer = await secondClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        // A form (and its antiforgery cookie) from the first is accepted by the second: the sign-in goes through.
        var formCookies = new CookieContainer();
        using var anonymous = first.NewClient(formCookies);
        var page = await anonymous.GetPageAsync(AccountPaths.Login);
        using var post = new HttpRequestMessage(HttpMethod.Post, AccountPaths.Login)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = page.AntiforgeryToken(),
                ["Input.Email"] = "ops@portal.example",
                ["Input.Password"] = DemoAccounts.DemoPassword,
            }),
        };
        post.Headers.Add("Cookie", formCookies.GetCookieHeader(Localhost));
        using var signedIn = await second.NewClient().SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The keys are the database's, not a file on one machine.
        Assert.True(await second.CallAsync<PortalDbContext, int>(db => db.DataProtectionKeys.CountAsync()) > 0);
    }

    private static readonly Uri Localhost = new("https://localhost/");
}
