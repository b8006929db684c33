using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Web.Tests;

public class MetricsApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<int> VmIdAsync(string name)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData("metrics")]
    [InlineData("metrics.csv")]
    public async Task Anonymous_callers_get_401_and_a_foreign_tenant_404(string endpoint)
    {
        var foreign = await VmIdAsync("globex-db-01");
        using var anonymous = portal.NewClient();
        using var customer = await portal.SignedInAsync("alice@acme.example");

        using var noSession = await anonymous.GetAsync(new Uri($"/api/vms/{await VmIdAsync("shop-web-01")}/{endpoint}", UriKind.Relative));
        using var other = await customer.GetAsync(new Uri($"/api/vms/{foreign}/{endpoint}", UriKind.Relative));
        using var missing = await customer.GetAsync(new Uri($"/api/vms/999999/{endpoint}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // Another tenant's VM reads exactly like one that does not exist (apart from the request's trace id).
        static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        Assert.Equal(WithoutTrace(await missing.Content.ReadAsStringAsync()), WithoutTrace(await other.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("from=junk", "'from' is not a time")]
    [InlineData("from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "end after it starts")]
    [InlineData("from=2010-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "at most five years")]
    [InlineData("points=1", "'points' must be between 2 and 1000")]
    [InlineData("points=5000", "'points' must be between 2 and 1000")]
    [InlineData("agg=median", "'agg' must be avg or max")]
    public async Task Bad_ranges_get_a_clear_400(string query, string message)
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        using var response = await client.GetAsync(new Uri($"/api/vms/{await VmIdAsync("shop-web-01")}/metrics?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 1000, "raw", 300_000)]
    [InlineData(24 * 7, 1000, "raw", 900_000)]
    [InlineData(24 * 30, 1000, "hourly", 3_600_000)]
    [InlineData(24 * 30, 200, "hourly", 4 * 3_600_000)]
    public async Task The_tier_fits_the_range_and_no_series_has_more_points_than_asked(int hours, int points, string tier, long step)
    {
        using var client = await portal.SignedInAsync("support@portal.example");
        var to = DateTime.UtcNow;

        using var response = await client.GetAsync(new Uri(
            $"/api/vms/{await VmIdAsync("shop-db-01")}/metrics?from={to.AddHours(-hours):O}&to={to:O}&points={points}", UriKind.Relative));
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tier, json.GetProperty("tier").GetString());
        Assert.Equal(step, json.GetProperty("step").GetInt64());
        var series = json.GetProperty("series").EnumerateArray().ToList();
        Assert.Contains(series, s => s.GetProperty("metric").GetString() == "cpu" && s.GetProperty("unit").GetString() == "%");
        Assert.All(series, s => Assert.InRange(s.GetProperty("values").GetArrayLength(), 1, points));
    }

    [Fact]
    public async Task Csv_has_a_column_per_series_with_its_unit_a_row_per_point_and_empty_cells_for_gaps()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");
        var to = DateTime.UtcNow;

        using var response = await client.GetAsync(new Uri(
            $"/api/vms/{await VmIdAsync("shop-staging-01")}/metrics.csv?from={to.AddDays(-7):O}&to={to:O}&points=100", UriKind.Relative));
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd().Split('\n');

        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("time_utc,\"cpu (%)\",\"vcpu 0 (%)\"", lines[0], StringComparison.Ordinal);
        Assert.InRange(lines.Length - 1, 50, 100);
        // Shut down five days ago: the last points of the week are gaps, written as empty cells.
        Assert.Matches("^[0-9T:-]+Z,,", lines[^1]);
        Assert.Matches("^[0-9T:-]+Z,[0-9.]+,", lines[1]);
    }

    [Fact]
    public async Task Chart_data_is_compressed_for_clients_that_accept_it_and_pages_are_not()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");
        var id = await VmIdAsync("shop-web-01");
        var url = new Uri($"/api/vms/{id}/metrics?from={DateTime.UtcNow.AddDays(-30):O}", UriKind.Relative);
        using var data = new HttpRequestMessage(HttpMethod.Get, url);
        data.Headers.AcceptEncoding.ParseAdd("br");
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri($"/vms/{id}", UriKind.Relative));
        page.Headers.AcceptEncoding.ParseAdd("br");

        using var compressed = await client.SendAsync(data);
        using var plain = await client.SendAsync(page);

        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        await using var decoded = new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        var json = await JsonDocument.ParseAsync(decoded);
        Assert.Equal("hourly", json.RootElement.GetProperty("tier").GetString());
        var uncompressed = (await client.GetByteArrayAsync(url)).Length;
        Assert.True(bytes.Length * 2 < uncompressed, $"{bytes.Length} bytes compressed of {uncompressed}");
    }
}
