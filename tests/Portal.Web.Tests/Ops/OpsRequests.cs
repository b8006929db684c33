using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Data;

namespace Portal.Web.Tests.Ops;

/// <summary>What the VM page's htmx does, done with HttpClient: fragments with the page's antiforgery header.</summary>
internal static class OpsRequests
{
    /// <summary>The antiforgery token the page hands htmx (body hx-headers).</summary>
    public static async Task<string> PageTokenAsync(this HttpClient client, int vmId)
    {
        var page = await client.GetPageAsync($"/vms/{vmId}");
        var headers = page.Body!.GetAttribute("hx-headers")!;
        return JsonDocument.Parse(headers).RootElement.GetProperty("X-CSRF-TOKEN").GetString()!;
    }

    public static async Task<HttpResponseMessage> PostFragmentAsync(this HttpClient client, string url, IDictionary<string, string> fields, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        if (token is not null) request.Headers.Add("X-CSRF-TOKEN", token);
        return await client.SendAsync(request);
    }

    public static async Task<IHtmlDocument> FragmentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("HX-Request", "true");
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return Browsing.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        Browsing.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>An add-disk form as the dialog posts it; override fields as a test needs.</summary>
    public static Dictionary<string, string> DiskForm(string image, string target, params (string Key, string Value)[] overrides)
    {
        var form = new Dictionary<string, string>
        {
            ["operation"] = Guid.NewGuid().ToString(),
            ["source"] = "existing",
            ["image"] = image,
            ["bus"] = "virtio",
            ["target"] = target,
            ["format"] = "raw",
            ["cache"] = "none",
            ["io"] = "native",
            ["scope"] = "both",
        };
        foreach (var (key, value) in overrides) form[key] = value;
        return form;
    }

    public static Dictionary<string, string> MemoryForm(string size, string unit = "GiB", string apply = "live") => new()
    {
        ["operation"] = Guid.NewGuid().ToString(),
        ["size"] = size,
        ["unit"] = unit,
        ["apply"] = apply,
    };

    public static async Task<int> VmIdAsync(this IServiceProvider services, string name)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }

    public static async Task<List<AuditEntry>> AuditAsync(this IServiceProvider services, int vmId)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.VmId == vmId).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The field errors a dialog fragment shows, by field.</summary>
    public static Dictionary<string, string> FieldErrors(this IHtmlDocument fragment) =>
        fragment.QuerySelectorAll("[data-field-error]").ToDictionary(e => e.GetAttribute("data-field-error")!, e => e.TextContent.Trim());
}
