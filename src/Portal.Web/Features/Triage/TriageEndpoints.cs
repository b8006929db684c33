using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Web.Components;
using Portal.Web.Security;

namespace Portal.Web.Features.Triage;

/// <summary>
/// Triage for API users, with the pages' authorization:
/// <list type="bullet">
/// <item><c>GET /api/vms/{id}/triage?from=&amp;to=</c> (or <c>?at=&amp;before=&amp;after=</c>): signed in; another tenant's VM is 404.</item>
/// <item><c>GET /api/hosts/{name}/triage?from=&amp;to=</c>: staff only; every VM of the host ranked, and its contention.</item>
/// </list>
/// Sentences are written in the time zone of the portal's time-zone cookie (the browser's), else UTC; the JSON says which.
/// </summary>
public static class TriageEndpoints
{
    public static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/vms/{id:int}/triage", VmAsync).WithName("VmTriage");
        routes.MapGet("/api/hosts/{name}/triage", HostAsync).WithName("HostTriage").RequireAuthorization(Policies.Staff);
        return routes;
    }

    public sealed record WindowQuery([FromQuery] string? From, [FromQuery] string? To, [FromQuery] string? At, [FromQuery] int? Before, [FromQuery] int? After)
    {
        public TriageRequest Request => new(From, To, At, Before, After);
    }

    private static async Task<Results<JsonHttpResult<TriageJson.VmDocument>, ProblemHttpResult, NotFound>> VmAsync(int id, [AsParameters] WindowQuery query,
        HttpContext http, TriageService triage, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!query.Request.TryWindow(time.GetUtcNow().UtcDateTime, options.Value.MaxWindow, out var window, out var error)) return BadRequest(error);
        var result = await triage.ForVmAsync(http.User.Scope(), id, window, Zone(http), cancellationToken);
        http.Response.Headers.CacheControl = "private, no-store";
        return result is null ? TypedResults.NotFound() : TypedResults.Json(TriageJson.Of(result), TriageJson.Options);
    }

    private static async Task<Results<JsonHttpResult<TriageJson.HostDocument>, ProblemHttpResult, NotFound>> HostAsync(string name, [AsParameters] WindowQuery query,
        HttpContext http, TriageService triage, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!query.Request.TryWindow(time.GetUtcNow().UtcDateTime, options.Value.MaxWindow, out var window, out var error)) return BadRequest(error);
        var result = await triage.ForGroupAsync(http.User.Scope(), name, null, window, Zone(http), cancellationToken);
        http.Response.Headers.CacheControl = "private, no-store";
        return result is null ? TypedResults.NotFound() : TypedResults.Json(TriageJson.Of(result), TriageJson.Options);
    }

    private static TimeZoneInfo Zone(HttpContext http) => ViewerZone.FromId(ViewerPreferences.FromCookies(http.Request.Cookies).TimeZoneId).Zone;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be answered.", detail: detail);
}
