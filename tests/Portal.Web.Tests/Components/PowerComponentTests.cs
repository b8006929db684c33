using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Ops;
using Portal.Web.Features.Vms;
using Portal.Web.Security;

namespace Portal.Web.Tests.Components;

/// <summary>The VM page's power controls and the confirm dialog, against the demo's simulated hosts.</summary>
public class PowerComponentTests(PortalFactory portal) : PortalComponentTest(portal)
{
    [Theory]
    [InlineData("alice@acme.example", true)]
    [InlineData("support@portal.example", false)]
    [InlineData("ops@portal.example", true)]
    [InlineData("admin@portal.example", true)]
    public async Task Power_buttons_are_rendered_for_those_who_may_power_the_vm_and_fit_its_state(string email, bool rendered)
    {
        await SignInAsync(email);
        var id = await VmIdAsync("shop-web-01");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/vms/{id}?range=24h");

        var page = Render<VmPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal("shop-web-01", page.Find("[data-testid=vm-name]").TextContent));
        Assert.Equal(rendered ? 4 : 0, page.FindAll("[data-testid=vm-power] button").Count);
        if (!rendered) return;
        // A running VM: everything but a start.
        Assert.True(page.Find("[data-testid=power-start]").HasAttribute("disabled"));
        Assert.Equal("shop-web-01 is already running.", page.Find("[data-testid=power-start]").GetAttribute("title"));
        Assert.All(["power-shutdown", "power-reboot", "power-force-off"], testId => Assert.False(page.Find($"[data-testid={testId}]").HasAttribute("disabled")));
    }

    [Fact]
    public async Task The_dialog_names_the_vm_and_a_customer_of_another_tenant_who_reaches_it_is_told_it_is_not_found()
    {
        var ops = await SignInAsync("ops@portal.example");
        var vm = (await Services.GetRequiredService<VmDirectory>().FindAsync(ops.Scope(), await VmIdAsync("shop-web-01")))!;
        await SignInAsync("gus@globex.example");
        var host = Context.RenderDialogHost();

        await host.ShowAsync(new DialogParameters<PowerDialog> { { d => d.Vm, vm }, { d => d.Action, PowerAction.Destroy } });
        host.WaitForAssertion(() => Assert.Contains("Force off shop-web-01?", host.Find("[data-testid=power-title]").TextContent, StringComparison.Ordinal));
        host.Find("[data-testid=power-confirm]").Click();

        host.WaitForAssertion(() => Assert.Equal("NotFound", host.Find("[data-testid=operation-result]").GetAttribute("data-status")));
        Assert.Empty(host.FindAll("[data-testid=power-confirm]"));
        Assert.Equal(VmState.Running, (await Services.GetRequiredService<VmDirectory>().FindAsync(ops.Scope(), vm.Id))!.State);
    }

    [Fact]
    public void A_shutdown_the_guest_has_not_answered_offers_a_forced_stop()
    {
        var vm = Vm.From(new DomainDescription(Guid.NewGuid(), "web-9", VmState.Running, 2, 1 << 20, 1 << 20, null, [], []), hostId: 1, tenantId: null);
        var pending = new AuditRow(1, DateTime.UtcNow, "ops@portal.example", AuditActions.ShutdownVm, null, null, null, "web-9", "{}",
            AuditOutcome.Pending, "Shutdown requested; the guest was still running after 2 min", null);
        var earlier = pending with { Id = 0, Action = AuditActions.StartVm, Outcome = AuditOutcome.Succeeded, Summary = "Started" };

        var panel = Render<PowerPanel>(p => p.Add(c => c.Vm, vm).Add(c => c.MayPower, true).Add(c => c.Changes, [pending, earlier]));
        var later = Render<PowerPanel>(p => p.Add(c => c.Vm, vm).Add(c => c.MayPower, true).Add(c => c.Changes, [earlier, pending]));

        Assert.Contains("the guest was still running after 2 min", panel.Find("[data-testid=power-unanswered]").TextContent, StringComparison.Ordinal);
        Assert.Single(panel.FindAll("[data-testid=power-force-offer]"));
        // Only while it is the latest power action: a start since then says the shutdown is over.
        Assert.Empty(later.FindAll("[data-testid=power-unanswered]"));
    }
}
