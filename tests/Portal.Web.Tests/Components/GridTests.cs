using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Simulator;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Vms;

namespace Portal.Web.Tests.Components;

/// <summary>The VM list and the audit trail: sorted, filtered and paged by the database, with the place kept in the URL.</summary>
public class GridTests(PortalFactory portal) : PortalComponentTest(portal)
{
    private static List<string> Names(IRenderedComponent<VmList> list) =>
        list.FindAll("[data-testid=vm-list] a[data-vm]").Select(a => a.GetAttribute("data-vm")!).ToList();

    [Fact]
    public async Task The_vm_list_sorts_in_the_database_by_the_url_s_column_and_keeps_the_filter()
    {
        await SignInAsync("support@portal.example");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/vms?sort=memory&desc=true");

        var list = Render<VmList>();

        list.WaitForAssertion(() => Assert.Equal(DemoFleet.Vms.Count, Names(list).Count));
        var memory = DemoFleet.Vms.ToDictionary(v => v.Name, v => v.MemoryKiB);
        var shown = Names(list).Select(n => memory[n]).ToList();
        Assert.Equal(shown.OrderDescending(), shown);

        await list.InvokeAsync(() => list.FindComponents<MudBlazor.MudTextField<string>>()
            .Single(c => Equals(c.Instance.UserAttributes["data-testid"], "vm-search")).Instance.ValueChanged.InvokeAsync("web"));
        list.WaitForAssertion(() => Assert.Equal(["shop-web-01", "shop-web-02"], Names(list).Order()));
        Assert.Contains("q=web", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Contains("sort=memory", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_s_list_holds_only_their_tenant_whatever_the_url_asks()
    {
        await SignInAsync("gus@globex.example");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/vms?tenant=acme");

        var list = Render<VmList>();

        var globex = DemoFleet.Vms.Where(v => v.Tenant == "globex").Select(v => v.Name).Order().ToList();
        list.WaitForAssertion(() => Assert.Equal(globex, Names(list).Order()));
        Assert.Empty(list.FindAll("[data-testid=vm-tenant-filter]"));
    }

    [Fact]
    public async Task The_audit_trail_pages_and_sorts_in_the_database()
    {
        await SignInAsync("support@portal.example");
        await using (var db = NewContext())
        {
            var start = DateTime.UtcNow.AddDays(-1);
            for (var i = 0; i < 130; i++)
                db.AuditEntries.Add(new AuditEntry(start.AddMinutes(i), $"user{i:000}@paging.example", AuditActions.DetachDisk, null, null, "{}",
                    AuditOutcome.Refused, "paging test", summary: $"entry {i:000}"));
            await db.SaveChangesAsync();
        }
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?user=paging.example&page=2");

        var page = Render<AuditPage>();

        // Newest first; the second page of 50 holds entries 079 down to 030.
        page.WaitForAssertion(() => Assert.Contains("entry 079", page.Find("[data-testid=audit-table] tbody tr").TextContent, StringComparison.Ordinal));
        Assert.Equal(50, page.FindAll("[data-testid=audit-table] tbody tr").Count);
        Assert.Contains("130", page.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);

        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?user=paging.example&sort=user&asc=true");
        var sorted = Render<AuditPage>();
        sorted.WaitForAssertion(() => Assert.Contains("user000@paging.example", sorted.Find("[data-testid=audit-table] tbody tr").TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tenant=acme", true)]
    [InlineData("vm=WEB-01", true)]
    [InlineData("user=OPS@", true)]
    [InlineData("action=memory.set", true)]
    [InlineData("outcome=succeeded", true)]
    [InlineData("from=2000-01-01", true)]
    [InlineData("tenant=globex", false)]
    [InlineData("vm=nothing-like-it", false)]
    [InlineData("user=alice", false)]
    [InlineData("action=disk.attach", false)]
    [InlineData("outcome=failed", false)]
    [InlineData("to=2000-01-01", false)]
    public async Task The_audit_trail_filters_by_tenant_vm_user_action_outcome_and_days(string filter, bool findsTheIncident)
    {
        await SignInAsync("support@portal.example");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?" + filter);

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=audit-empty]").Count + page.FindAll("[data-action]").Count > 0));
        var incident = page.FindAll("[data-action='memory.set']").Select(e => e.ParentElement!.ParentElement!.TextContent).ToList();
        if (findsTheIncident)
        {
            Assert.Contains(incident, row => row.Contains("shop-web-01", StringComparison.Ordinal) && row.Contains("Memory 4 GiB → 8 GiB", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain(incident, row => row.Contains("Memory 4 GiB → 8 GiB", StringComparison.Ordinal));
        }
    }
}
