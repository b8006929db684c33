using System.Net;
using System.Text.Json;
using Portal.Web.Features.Account;
using Portal.Web.Tests.Admin;

namespace Portal.Web.Tests.FrontDoor;

/// <summary>Forms that cannot be read, or carry what no field takes, are refused with 400 and problem details, and store nothing.</summary>
public class BoundedInputTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static readonly TheoryData<string> FormPaths = new() { AccountPaths.Login, AccountLinks.InvitationPath, AccountLinks.ResetPath, AccountPaths.Logout, "/vms" };

    [Theory]
    [MemberData(nameof(FormPaths))]
    public async Task A_nul_or_control_character_in_any_field_is_a_400_with_problem_details(string path)
    {
        foreach (var bad in new[] { "\0", "\u0007", "\u001b[31m" })
            await RefusedAsync(path, System.Text.RegularExpressions.Regex.Unescape(bad));
    }

    private async Task RefusedAsync(string path, string bad)
    {
        using var client = portal.NewClient();
        var page = await client.GetPageAsync(AccountPaths.Login);
        var auditBefore = await portal.AuditCountAsync();
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["Input.Email"] = "ops@portal.example" + bad,
            ["Input.Password"] = "x",
        });

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "form");
        Assert.Equal(auditBefore, await portal.AuditCountAsync());
    }

    [Fact]
    public async Task Too_many_fields_an_oversized_field_and_a_body_that_is_not_a_form_are_400s()
    {
        using var client = portal.NewClient();
        var many = Enumerable.Range(0, 500).ToDictionary(i => $"f{i}", i => "x");
        var huge = new Dictionary<string, string> { ["Input.Email"] = new string('a', 100_000) + "@x.example", ["Input.Password"] = "x" };

        using (var content = new FormUrlEncodedContent(many))
        using (var response = await client.PostAsync(new Uri(AccountPaths.Login, UriKind.Relative), content))
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, "could not be read");
        using (var content = new FormUrlEncodedContent(huge))
        using (var response = await client.PostAsync(new Uri(AccountPaths.Login, UriKind.Relative), content))
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, "could not be read");
        using (var content = new StringContent("--x\r\nContent-Disposition: garbage\r\n\r\n", System.Text.Encoding.UTF8, "multipart/form-data"))
        using (var response = await client.PostAsync(new Uri(AccountPaths.Login, UriKind.Relative), content))
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, "could not be read");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
