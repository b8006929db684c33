using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Web.Security;

namespace Portal.Web.Features.Vms;

/// <summary>
/// The VM list for API users, with the list page's filters, sort and paging:
/// <c>GET /api/vms?q=&amp;tenant=&amp;host=&amp;sort=name|state|vcpus|memory|tenant|host&amp;desc=&amp;page=1&amp;size=50</c>.
/// </summary>
public static class VmsApi
{
    public static IEndpointRouteBuilder MapVmsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/vms", ListAsync).WithName("Vms");
        return routes;
    }

    public sealed record VmListQuery(
        [FromQuery] string? Q, [FromQuery] string? Tenant, [FromQuery] string? Host, [FromQuery] string? Sort,
        [FromQuery] bool? Desc, [FromQuery] int? Page, [FromQuery] int? Size);

    public sealed record VmListItem(int Id, string Name, string State, int Vcpus, long MemoryKiB, long MaxMemoryKiB, string? Tenant, string? Host);

    public sealed record VmList(int Total, int Page, int Size, IReadOnlyList<VmListItem> Items);

    private static async Task<Results<Ok<VmList>, ProblemHttpResult>> ListAsync([AsParameters] VmListQuery query, HttpContext http,
        VmDirectory directory, CancellationToken cancellationToken)
    {
        if (query.Sort is { } sort && !VmSortKeys.All.Contains(sort))
            return TypedResults.Problem(statusCode: 400, title: "The request cannot be answered.", detail: $"'sort' must be one of {string.Join(", ", VmSortKeys.All)}.");
        if (query.Page is < 1 || query.Size is < 1 or > VmDirectory.MaxPageSize)
            return TypedResults.Problem(statusCode: 400, title: "The request cannot be answered.", detail: $"'page' starts at 1; 'size' is 1 to {VmDirectory.MaxPageSize}.");
        var user = http.User;
        var page = (query.Page ?? 1) - 1;
        var size = query.Size ?? 50;
        var result = await directory.PageAsync(user.Scope(), new VmQuery(query.Q, query.Tenant, query.Host, query.Sort, query.Desc ?? false, page, size), cancellationToken);
        var items = result.Rows.Select(r => new VmListItem(r.Id, r.Name, r.State.ToString(), r.Vcpus, r.MemoryKiB, r.MaxMemoryKiB,
            r.TenantSlug, r.HostName)).ToList();
        return TypedResults.Ok(new VmList(result.Total, page + 1, size, items));
    }
}
