using System.Net;
using Portal.Web.Security;

namespace Portal.Web.Tests;

/// <summary>Every kind of response carries the portal's security headers, and the policy allows no inline script.</summary>
public class SecurityHeadersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("GET", "/account/login", HttpStatusCode.OK)]
    [InlineData("GET", "/vms", HttpStatusCode.OK)]
    [InlineData("GET", "/api/vms", HttpStatusCode.OK)]
    [InlineData("GET", "/css/site.css", HttpStatusCode.OK)]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1", HttpStatusCode.OK)]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("GET", "/error", HttpStatusCode.OK)]
    public async Task Pages_api_static_files_the_hub_and_errors_carry_the_security_headers(string method, string url, HttpStatusCode status)
    {
        using var client = await portal.SignedInAsync("alice@acme.example");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        request.Headers.Add("Origin", "https://localhost");

        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_carry_no_inline_script()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        foreach (var url in new[] { "/account/denied", "/vms", "/error" })
        {
            var page = await client.GetPageAsync(url);
            Assert.All(page.QuerySelectorAll("script"), script => Assert.False(string.IsNullOrWhiteSpace(script.GetAttribute("src")), $"inline script on {url}"));
        }
    }
}
