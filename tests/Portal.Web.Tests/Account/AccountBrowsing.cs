using System.Net;
using AngleSharp.Html.Dom;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Account;

/// <summary>The account pages' forms, filled in as a person would.</summary>
internal static class AccountBrowsing
{
    public sealed record Page(string Url, IHtmlDocument Document);

    public static async Task<Page> OpenAsync(this HttpClient client, string url) => new(url, await client.GetPageAsync(url));

    /// <summary>
    /// Posts the page's form named <paramref name="formName"/> (or the one posting to <paramref name="action"/>) with
    /// its hidden fields and these values.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Page page, string formName,
        IReadOnlyDictionary<string, string>? fields = null, string? action = null)
    {
        var form = page.Document.QuerySelectorAll("form").Single(f => action is null
            ? f.QuerySelector($"input[name=_handler][value='{formName}']") is not null
            : f.GetAttribute("action") == action);
        var values = form.QuerySelectorAll("input[type=hidden][name]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in fields ?? new Dictionary<string, string>()) values[key] = value;
        var target = form.GetAttribute("action");
        using var body = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(string.IsNullOrEmpty(target) ? page.Url : target, UriKind.Relative), body);
    }

    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Browsing.Parse(await response.Content.ReadAsStringAsync());
    }

    public static string PathOf(this HttpResponseMessage response) =>
        response.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal);

    /// <summary>Sets up two-factor sign-in on the signed-in account; returns the key and the recovery codes.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrollAsync(this HttpClient client)
    {
        var page = await client.OpenAsync(AccountPaths.Enroll);
        var key = page.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        using var response = await client.SubmitAsync(page, "enroll", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        var done = await response.ReadPageAsync();
        var codes = done.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
        return (key, codes);
    }

    /// <summary>The two-factor step after the password: posts the code and returns the answer.</summary>
    public static async Task<HttpResponseMessage> SecondStepAsync(this HttpClient client, string secondStepUrl, string formName, string code)
    {
        var page = await client.OpenAsync(secondStepUrl);
        return await client.SubmitAsync(page, formName, new Dictionary<string, string> { ["Input.Code"] = code });
    }
}
