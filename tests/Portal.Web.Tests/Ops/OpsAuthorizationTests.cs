using System.Net;
using Portal.Core.Audit;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Every change endpoint against every role: customers and support get 403 and leave a refused audit entry, a
/// customer of another tenant gets 404 (the VM does not exist for them), Ops and Admin get through to validation.
/// The requests that get through are invalid on purpose, so nothing changes.
/// </summary>
public sealed class OpsAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, string, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var action in AuditActions.All)
        {
            data.Add("alice@acme.example", action, HttpStatusCode.Forbidden);
            data.Add("support@portal.example", action, HttpStatusCode.Forbidden);
            data.Add("gus@globex.example", action, HttpStatusCode.NotFound);
            data.Add("ops@portal.example", action, HttpStatusCode.UnprocessableEntity);
            data.Add("admin@portal.example", action, HttpStatusCode.UnprocessableEntity);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_what_it_may_on_each_operation(string email, string action, HttpStatusCode expected)
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync(email);
        // A customer of another tenant has no page for this VM: take the token from one of their own.
        var ownVm = await portal.Services.VmIdAsync(email.StartsWith("gus", StringComparison.Ordinal) ? "globex-db-01" : "shop-web-01");
        var token = await client.PageTokenAsync(ownVm);
        var before = (await portal.Services.AuditAsync(vmId)).Count(a => a.UserName == email && a.Action == action);

        var (url, form) = InvalidRequest(action);
        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/{url}", form, token);

        Assert.Equal(expected, response.StatusCode);
        var entries = (await portal.Services.AuditAsync(vmId)).Where(a => a.UserName == email && a.Action == action).ToList();
        Assert.Equal(before + (expected == HttpStatusCode.NotFound ? 0 : 1), entries.Count);
        if (expected != HttpStatusCode.NotFound) Assert.Equal(AuditOutcome.Refused, entries[^1].Outcome);
        if (expected == HttpStatusCode.Forbidden) Assert.Contains("Only Ops and Admin", entries[^1].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@acme.example", HttpStatusCode.Forbidden)]
    [InlineData("support@portal.example", HttpStatusCode.Forbidden)]
    [InlineData("gus@globex.example", HttpStatusCode.NotFound)]
    [InlineData("ops@portal.example", HttpStatusCode.OK)]
    public async Task Dialogs_open_only_for_ops(string email, HttpStatusCode expected)
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync(email);

        foreach (var dialog in new[] { "disks/new", "memory", "disks/vda/remove" })
            await client.FragmentAsync($"/vms/{vmId}/ops/{dialog}", expected);
    }

    [Fact]
    public async Task A_change_without_the_antiforgery_token_is_refused_before_anything_happens()
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var before = (await portal.Services.AuditAsync(vmId)).Count;

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("6"), token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await portal.Services.AuditAsync(vmId)).Count);
    }

    [Fact]
    public async Task Customers_see_the_changes_list_but_no_ops_controls()
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var customer = await portal.SignedInAsync("alice@acme.example");
        using var ops = await portal.SignedInAsync("ops@portal.example");

        var customerPage = await customer.GetPageAsync($"/vms/{vmId}");
        var opsPage = await ops.GetPageAsync($"/vms/{vmId}");

        Assert.Empty(customerPage.QuerySelectorAll("[data-testid=add-disk], [data-testid=change-memory], #ops-dialog, [hx-post]"));
        Assert.DoesNotContain("Source", customerPage.QuerySelector("[data-testid=vm-disks] thead")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Memory 4 GiB → 8 GiB", customerPage.QuerySelector("#vm-changes")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(opsPage.QuerySelector("[data-testid=add-disk]"));
        Assert.NotNull(opsPage.QuerySelector("[data-testid=change-memory]"));
    }

    private static (string Url, Dictionary<string, string> Form) InvalidRequest(string action) => action switch
    {
        AuditActions.AttachDisk => ("disks", OpsRequests.DiskForm("/var/lib/libvirt/images/none.raw", "vdz", ("cache", "writeback"), ("io", "native"))),
        AuditActions.DetachDisk => ("disks/vdz/remove", new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString() }),
        _ => ("memory", OpsRequests.MemoryForm("lots")),
    };
}
