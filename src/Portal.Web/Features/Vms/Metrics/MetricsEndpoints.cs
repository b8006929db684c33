using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Web.Security;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>
/// <c>GET /api/vms/{id}/metrics?from=&amp;to=&amp;points=&amp;agg=avg|max</c>: a VM's series for charts and API users.
/// Same authorization as the pages: signed in, and a VM of another tenant is not found.
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/vms/{id:int}/metrics", GetMetricsAsync).WithName("VmMetrics");
        return routes;
    }

    public sealed record MetricsQuery(
        [FromRoute] int Id,
        [FromQuery] string? From,
        [FromQuery] string? To,
        [FromQuery] int? Points,
        [FromQuery] string? Agg);

    private static async Task<Results<EmptyHttpResult, NotFound, ProblemHttpResult>> GetMetricsAsync(
        [AsParameters] MetricsQuery query, HttpContext http, VmDirectory directory, MetricStore store, PortalDbContext db,
        IOptions<StoreOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await directory.IsVisibleAsync(http.User.Scope(), query.Id, cancellationToken)) return TypedResults.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        if (!MetricRange.TryParse(query.From, query.To, now, out var range, out var error)) return BadRequest(error);
        var maxPoints = options.Value.MaxPoints;
        if (query.Points is { } p && (p < 2 || p > maxPoints)) return BadRequest($"'points' must be between 2 and {maxPoints}.");
        var aggregate = query.Agg switch
        {
            null or "" or "avg" => MetricAggregate.Average,
            "max" => MetricAggregate.Maximum,
            _ => (MetricAggregate?)null,
        };
        if (aggregate is null) return BadRequest("'agg' must be avg or max.");

        var set = await store.QueryAsync(query.Id, range.FromUtc, range.ToUtc, query.Points ?? maxPoints, aggregate.Value, now, cancellationToken);
        var events = await db.VmEvents.AsNoTracking()
            .Where(e => e.VmId == query.Id && e.TimeUtc >= range.FromUtc && e.TimeUtc < range.ToUtc)
            .OrderBy(e => e.TimeUtc).Take(500).ToListAsync(cancellationToken);

        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-store";
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            MetricsJson.Write(json, query.Id, set, events);
        }
        return TypedResults.Empty;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be answered.", detail: detail);
}
