using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Simulator;
using Portal.Web.Features.Triage;

namespace Portal.Web.Tests.Components;

/// <summary>The VM's triage page on the demo incident, as each kind of viewer gets it.</summary>
public class TriagePageTests(PortalFactory portal) : PortalComponentTest(portal)
{
    private static readonly DemoIncident Incident = DemoIncident.TwoDaysBefore(DateTime.UtcNow);

    private async Task<(IRenderedComponent<VmTriagePage> Page, IRenderedComponent<MudDialogProvider> Dialogs)> RenderAsAsync(string email, string vmName)
    {
        await SignInAsync(email);
        var id = await VmIdAsync(vmName);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/vms/{id}/triage?at={TriageRequest.Iso(Incident.NetworkFalls)}");
        var dialogs = Context.RenderDialogHost();
        return (Render<VmTriagePage>(p => p.Add(c => c.Id, id)), dialogs);
    }

    [Fact]
    public async Task Ops_reads_out_of_memory_first_and_its_button_opens_the_memory_dialog_with_8_GiB_filled_in()
    {
        var (page, dialogs) = await RenderAsAsync("ops@portal.example", DemoIncident.VmName);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=finding]")), TimeSpan.FromSeconds(30));
        var first = page.FindAll("[data-testid=finding]")[0];
        Assert.Equal(("memory", "cause", "Out of memory"), (first.GetAttribute("data-resource"), first.GetAttribute("data-kind"), first.GetAttribute("data-title")));
        Assert.Contains(page.FindAll("[data-testid=finding]"), f => f.GetAttribute("data-resource") == "network" && f.GetAttribute("data-caused-by") == "Out of memory");
        var fix = first.QuerySelector("[data-testid=recommendation]")!;
        Assert.Equal(("8388608", "true"), (fix.GetAttribute("data-memory-kib"), fix.GetAttribute("data-needs-restart")));
        Assert.Contains("Out of memory from 20:", page.Find("[data-testid=triage-summary]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=triage-raise-memory]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("8", dialogs.Field<MudTextField<string>>("memory-size").Instance.GetState(x => x.Value)), TimeSpan.FromSeconds(30));
        Assert.Equal("GiB", dialogs.Field<MudSelect<string>>("memory-unit").Instance.GetState(x => x.Value));
        Assert.Contains("8 GiB", dialogs.Find("[data-testid=memory-suggested]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_reads_the_same_on_their_own_vm_without_the_ops_button_or_the_host()
    {
        var (page, _) = await RenderAsAsync("alice@acme.example", DemoIncident.VmName);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=finding]")), TimeSpan.FromSeconds(30));
        Assert.Equal("Out of memory", page.FindAll("[data-testid=finding]")[0].GetAttribute("data-title"));
        Assert.NotEmpty(page.FindAll("[data-testid=recommendation]"));
        Assert.Empty(page.FindAll("[data-testid=triage-raise-memory]"));
        Assert.Empty(page.FindAll("[data-testid=triage-host-link]"));
        Assert.DoesNotContain("node-a", page.Markup, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("[data-testid=triage-clear] li"), li => li.GetAttribute("data-title") == "CPU not saturated");
    }

    [Fact]
    public async Task Another_tenant_s_vm_is_not_found_on_the_triage_page()
    {
        var (page, _) = await RenderAsAsync("alice@acme.example", "globex-db-01");

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=triage-title]")));
        Assert.DoesNotContain("globex-db-01", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=finding]"));
    }
}
