using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests;

/// <summary>What a person does with a browser, done with HttpClient: read pages, fill forms, sign in.</summary>
internal static class Browsing
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static string AntiforgeryToken(this IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>Submits the page's (first) form with its hidden fields and the given values, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, IHtmlDocument page, Dictionary<string, string> values)
    {
        var form = (IHtmlFormElement?)page.QuerySelector("form") ?? throw new InvalidOperationException("The page has no form: " + page.Body?.TextContent);
        var fields = form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in values) fields[name] = value;
        using var body = new FormUrlEncodedContent(fields);
        var action = form.GetAttribute("action");
        return await client.PostAsync(new Uri(string.IsNullOrEmpty(action) ? page.Url : action, UriKind.RelativeOrAbsolute), body);
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email,
        string password = DemoAccounts.DemoPassword, string? returnUrl = null)
    {
        var page = await client.GetPageAsync("/account/login" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        var form = (IHtmlFormElement)page.QuerySelector("form[action^='/account/login']")!;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), body);
    }

    public static async Task<HttpClient> SignedInAsync(this PortalFactory factory, string email)
    {
        var client = factory.NewClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The VMs the list shows for these filters (<c>/vms?tenant=…</c>), read from the list's API.</summary>
    public static async Task<IReadOnlyList<string>> VisibleVmNamesAsync(this HttpClient client, string url = "/vms")
    {
        var query = url.Contains('?', StringComparison.Ordinal) ? url[url.IndexOf('?', StringComparison.Ordinal)..] + "&size=200" : "?size=200";
        var list = await client.GetFromJsonAsync<Features.Vms.VmsApi.VmList>(new Uri("/api/vms" + query, UriKind.Relative));
        return list!.Items.Select(i => i.Name).Order().ToList();
    }
}
