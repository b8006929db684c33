using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Core.Metrics;
using Portal.Data.TimeSeries;
using Portal.Web.Features.Vms.Charts;
using Portal.Web.Security;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>
/// A VM's series for charts, CSV export and API users; same authorization as the pages: signed in, and a VM of
/// another tenant is not found.
/// <list type="bullet">
/// <item><c>GET /api/vms/{id}/metrics?from=&amp;to=&amp;points=&amp;agg=avg|max</c>: JSON (see MetricsJson)</item>
/// <item><c>GET /api/vms/{id}/metrics.csv?…</c>: the same as CSV</item>
/// </list>
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/vms/{id:int}/metrics", GetJsonAsync).WithName("VmMetrics");
        routes.MapGet("/api/vms/{id:int}/metrics.csv", GetCsvAsync).WithName("VmMetricsCsv");
        return routes;
    }

    public sealed record MetricsQuery(
        [FromRoute] int Id,
        [FromQuery] string? From,
        [FromQuery] string? To,
        [FromQuery] int? Points,
        [FromQuery] string? Agg);

    /// <summary>What both formats need, checked once.</summary>
    public sealed class MetricsRequests(VmSeries series, IOptions<StoreOptions> options, TimeProvider time)
    {
        public async Task<(VmSeriesResult? Result, MetricRange? Range, IResult? Refusal)> QueryAsync(MetricsQuery query, HttpContext http, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (!MetricRange.TryParse(query.From, query.To, now, out var range, out var error)) return (null, null, BadRequest(error));
            var maxPoints = options.Value.MaxPoints;
            if (query.Points is { } p && (p < 2 || p > maxPoints)) return (null, null, BadRequest($"'points' must be between 2 and {maxPoints}."));
            MetricAggregate? aggregate = query.Agg switch
            {
                null or "" or "avg" => MetricAggregate.Average,
                "max" => MetricAggregate.Maximum,
                _ => null,
            };
            if (aggregate is null) return (null, null, BadRequest("'agg' must be avg or max."));
            var result = await series.ReadAsync(http.User.Scope(), query.Id, range.FromUtc, range.ToUtc, query.Points ?? maxPoints, aggregate.Value,
                http.User.Identity?.Name, cancellationToken);
            return result is null ? (null, null, TypedResults.NotFound()) : (result, range, null);
        }
    }

    private static async Task<IResult> GetJsonAsync([AsParameters] MetricsQuery query, HttpContext http, MetricsRequests requests, CancellationToken cancellationToken)
    {
        var (result, _, refusal) = await requests.QueryAsync(query, http, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-store";
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter)) MetricsJson.Write(json, query.Id, result!.Set, result.Events, result.Causes);
        return TypedResults.Empty;
    }

    private static async Task<IResult> GetCsvAsync([AsParameters] MetricsQuery query, HttpContext http, MetricsRequests requests, CancellationToken cancellationToken)
    {
        var (result, range, refusal) = await requests.QueryAsync(query, http, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"vm-{query.Id}-{range!.FromUtc:yyyyMMdd'T'HHmm}-{range.ToUtc:yyyyMMdd'T'HHmm}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
        await MetricsCsv.WriteAsync(writer, result!.Set);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be answered.", detail: detail);
}
