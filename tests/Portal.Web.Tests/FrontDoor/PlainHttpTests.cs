using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.FrontDoor;

public class PlainHttpTests
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/vms")]
    [InlineData("/api/vms")]
    public async Task A_production_portal_over_plain_http_answers_the_needs_tls_page_never_a_500(string path)
    {
        await using var portal = new PortalFactory { EnvironmentName = "Production", Demo = false };
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example"), AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"needs-tls\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task With_an_https_port_plain_http_is_sent_to_https()
    {
        await using var portal = new PortalFactory
        {
            EnvironmentName = "Production", Demo = false,
            Settings = new Dictionary<string, string> { ["Portal:FrontDoor:HttpsPort"] = "8443" },
        };
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example"), AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/account/login?ReturnUrl=%2Fvms", UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://portal.example:8443/account/login?ReturnUrl=%2Fvms", response.Headers.Location!.AbsoluteUri);
    }

    [Theory]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.BadRequest)]
    public async Task A_trusted_proxy_s_forwarded_https_is_believed_and_anyone_else_s_is_not(string connectingFrom, HttpStatusCode expected)
    {
        await using var portal = new ConnectingFrom(IPAddress.Parse(connectingFrom))
        {
            EnvironmentName = "Production", Demo = false,
            Settings = new Dictionary<string, string> { ["Portal:FrontDoor:TrustedProxies:0"] = "10.0.0.0/8" },
        };
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>Every request arrives from <paramref name="address"/>, as from a proxy or a client on the network.</summary>
    private sealed class ConnectingFrom(IPAddress address) : PortalFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter>(_ => new From(address)));
        }

        private sealed class From(IPAddress address) : Microsoft.AspNetCore.Hosting.IStartupFilter
        {
            public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = address;
                    await nextMiddleware();
                });
                next(app);
            };
        }
    }
}
