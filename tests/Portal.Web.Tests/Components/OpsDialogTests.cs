using MudBlazor.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Web.Features.Ops;
using Portal.Web.Features.Vms;
using Portal.Web.Security;

namespace Portal.Web.Tests.Components;

/// <summary>The ops dialogs with the Core rules behind them, on the demo's simulated hosts.</summary>
public class OpsDialogTests(PortalFactory portal) : PortalComponentTest(portal)
{
    /// <summary>Where the open dialog's lists render their items.</summary>
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private async Task<(IRenderedComponent<MudDialogProvider> Host, Vm Vm)> OpenAttachAsync(string email, string vmName)
    {
        var user = await SignInAsync(email);
        var vm = (await Services.GetRequiredService<VmDirectory>().FindAsync(user.Scope(), await VmIdAsync(vmName)))!;
        var host = Context.RenderDialogHost(out _popovers);
        await host.ShowAsync(new DialogParameters<AttachDiskDialog> { { d => d.Vm, vm } });
        host.WaitForAssertion(() => Assert.Contains("<target dev=", host.Find("[data-testid=xml-preview]").TextContent, StringComparison.Ordinal));
        return (host, vm);
    }

    [Fact]
    public async Task A_cache_without_direct_io_switches_io_native_to_threads_and_says_why()
    {
        var (host, _) = await OpenAttachAsync("ops@portal.example", "shop-db-01");
        Assert.Contains("io=\"native\"", host.Find("[data-testid=xml-preview]").TextContent, StringComparison.Ordinal);

        await host.SetAsync("disk-cache", "writeback");

        host.WaitForAssertion(() => Assert.Contains("io=\"threads\"", host.Find("[data-testid=xml-preview]").TextContent, StringComparison.Ordinal));
        Assert.Contains("native AIO needs cache none or directsync", host.Find("[data-testid=form-notice]").TextContent, StringComparison.Ordinal);
        Assert.Equal("threads", host.Field<MudSelect<string>>("disk-io").Instance.GetState(x => x.Value));
        // Native is offered only with direct I/O; picked anyway, it is switched back with the same reason.
        await host.SetAsync("disk-io", "native");
        host.WaitForAssertion(() => Assert.Equal("threads", host.Field<MudSelect<string>>("disk-io").Instance.GetState(x => x.Value)));
        Assert.Contains("native AIO needs cache none or directsync", host.Find("[data-testid=form-notice]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_in_use_is_refused_at_the_target_field()
    {
        var (host, vm) = await OpenAttachAsync("ops@portal.example", "shop-db-01");

        await host.SetAsync("disk-target", vm.Disks[0].Target);

        host.WaitForAssertion(() => Assert.Contains("in use", host.Field<MudTextField<string>>("disk-target").Instance.GetState(x => x.ErrorText) ?? "", StringComparison.Ordinal));
        Assert.True(host.Find("[data-testid=attach-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_image_no_storage_pool_lists_is_refused_at_the_image_field()
    {
        var (host, _) = await OpenAttachAsync("ops@portal.example", "shop-db-01");

        await host.SetAsync("disk-image", "/var/lib/libvirt/images/../../../etc/passwd");

        host.WaitForAssertion(() => Assert.Contains("storage pools list", host.Find("[data-field-error=source]").TextContent, StringComparison.Ordinal));
        Assert.True(host.Find("[data-testid=attach-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Images_that_cannot_be_attached_are_listed_disabled_with_the_reason()
    {
        var (host, _) = await OpenAttachAsync("ops@portal.example", "shop-db-01");

        // Open the list as a click on the field does; MudBlazor renders its items in the popover provider.
        await host.InvokeAsync(() => host.Field<MudSelect<string>>("disk-image").Instance.OpenMenu());
        var popovers = _popovers;

        popovers.WaitForAssertion(() => Assert.Contains("lies outside the storage pools",
            popovers.Find("[data-image-problem='default/node-a-overlay-01.qcow2']").TextContent, StringComparison.Ordinal));
        var items = popovers.FindComponents<MudSelectItem<string>>();
        Assert.True(items.Single(i => i.Instance.Value == "default/node-a-overlay-01.qcow2").Instance.Disabled);
        Assert.True(items.Single(i => i.Instance.Value == "default/shop-db-01-data1.raw").Instance.Disabled);
        Assert.True(items.Single(i => i.Instance.Value == "default/shop-web-01-data1.raw").Instance.Disabled);
        Assert.False(items.Single(i => i.Instance.Value == "default/node-a-spare-01.raw").Instance.Disabled);
        Assert.Contains("shop-db-01-data1.raw · raw · 100 GiB · on this VM", popovers.Markup, StringComparison.Ordinal);
        Assert.Contains("shop-web-01-data1.raw · raw · 100 GiB · in use by shop-web-01", popovers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_changed_one_after_another_all_reach_the_device_xml()
    {
        var (host, _) = await OpenAttachAsync("ops@portal.example", "shop-db-01");

        // No waiting between the changes: each proposal is made in the same step as the change it follows.
        await host.SetAsync("disk-bus", "scsi");
        await host.SetAsync("disk-cache", "directsync");
        await host.SetAsync("disk-serial", "QUICK-1");
        await host.SetAsync("disk-readonly", true);
        await host.SetAsync("disk-io", "native");

        host.WaitForAssertion(() =>
        {
            var xml = host.Find("[data-testid=xml-preview]").TextContent;
            Assert.Contains("bus=\"scsi\"", xml, StringComparison.Ordinal);
            Assert.Contains("cache=\"directsync\"", xml, StringComparison.Ordinal);
            Assert.Contains("io=\"native\"", xml, StringComparison.Ordinal);
            Assert.Contains("<serial>QUICK-1</serial>", xml, StringComparison.Ordinal);
            Assert.Contains("<readonly />", xml, StringComparison.Ordinal);
            Assert.Contains("dev=\"sda\"", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Memory_above_the_maximum_offers_a_restart_now_or_at_the_next_start()
    {
        var user = await SignInAsync("ops@portal.example");
        var vm = (await Services.GetRequiredService<VmDirectory>().FindAsync(user.Scope(), await VmIdAsync("shop-db-01")))!;
        var host = Context.RenderDialogHost();
        await host.ShowAsync(new DialogParameters<MemoryDialog> { { d => d.Vm, vm } });
        host.WaitForAssertion(() => host.Find("[data-testid=memory-apply]"));

        var aboveMax = (vm.MaxMemoryKiB / (1024 * 1024)) + 4;
        await host.SetAsync("memory-size", aboveMax.ToString(System.Globalization.CultureInfo.InvariantCulture));

        host.WaitForAssertion(() => host.Find("[data-plan=restart]"));
        Assert.NotNull(host.Find("[data-testid=memory-restart-now]"));
        Assert.NotNull(host.Find("[data-testid=memory-next-start]"));
        Assert.Empty(host.FindAll("[data-testid=memory-apply]"));

        await host.SetAsync("memory-size", "1");
        host.WaitForAssertion(() => host.Find("[data-plan=live]"));
        await host.SetAsync("memory-size", "abc");
        host.WaitForAssertion(() => Assert.Contains("not a memory size", host.Field<MudTextField<string>>("memory-size").Instance.GetState(x => x.ErrorText) ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_s_circuit_gets_no_ops_dialog_and_the_operation_behind_it_refuses_and_records()
    {
        // A customer never gets the button; a dialog opened anyway reads nothing from the host and offers nothing.
        var user = await SignInAsync("alice@acme.example");
        var vm = (await Services.GetRequiredService<VmDirectory>().FindAsync(user.Scope(), await VmIdAsync("shop-web-01")))!;
        var host = Context.RenderDialogHost();
        await host.ShowAsync(new DialogParameters<AttachDiskDialog> { { d => d.Vm, vm } });
        host.WaitForAssertion(() => Assert.Contains(OperationRunner.NotAllowed, host.Find("[data-testid=attach-dialog]").TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=xml-preview]"));
        Assert.True(host.Find("[data-testid=attach-submit]").HasAttribute("disabled"));

        // What the submit handler calls, called with the customer's own identity: refused and recorded, nothing changed.
        var before = vm.Disks.Count;
        var (outcome, _) = await Services.GetRequiredService<DiskOperations>().AttachAsync(user, vm,
            new DiskForm { Image = "default/node-a-spare-01.raw", Target = "vdc" }, CancellationToken.None);

        Assert.Equal(OperationStatus.Forbidden, outcome.Status);
        await using var db = NewContext();
        var entry = await db.AuditEntries.Where(a => a.VmId == vm.Id).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(("alice@acme.example", AuditOutcome.Refused, AuditActions.AttachDisk), (entry.UserName, entry.Outcome, entry.Action));
        Assert.Equal(before, (await db.Vms.Include(v => v.Disks).SingleAsync(v => v.Id == vm.Id)).Disks.Count);
    }
}
