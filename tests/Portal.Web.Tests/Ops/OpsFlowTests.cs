using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Units;
using Portal.Simulator;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>The demo portal with a short removal wait, so a guest that does not answer is seen in seconds.</summary>
public sealed class OpsPortal : PortalFactory
{
    public OpsPortal() => Settings = new Dictionary<string, string> { ["Portal:Ops:DetachWait"] = "00:00:02" };
}

/// <summary>The operations end to end through the services the ops dialogs call, on the demo's simulated hosts.</summary>
public sealed class OpsFlowTests(OpsPortal portal) : IClassFixture<OpsPortal>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_image_chosen_in_the_dialog_is_attached_once_however_often_the_form_is_sent_and_then_removed()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-db-01");
        var since = DateTime.UtcNow;
        // The dialog as it opens: a free image and the first free target proposed, checked, with the XML it would apply.
        var form = new DiskForm();
        var (data, _, opened) = await portal.CallAsync<DiskOperations, (DiskDialogData, string?, DiskCheck)>(d => d.DialogAsync(ops, vm, form, CancellationToken.None));
        var image = form.Image!;
        var target = form.Target!;
        Assert.Null(Assert.Single(data.Locations.SelectMany(l => l.Images), i => i.Key == image).Problem);
        Assert.Empty(opened.Errors);
        Assert.Contains($"<target dev=\"{target}\" bus=\"virtio\" />", opened.PreviewXml, StringComparison.Ordinal);
        // The serial typed in: proposed on and checked again, as the dialog does on every change.
        form.Serial = "WEB-TEST-1";
        var check = await portal.CallAsync<DiskOperations, DiskCheck>(d =>
        {
            Assert.Null(d.Propose(form, data));
            return d.CheckAsync(form, data, CancellationToken.None);
        });
        Assert.Empty(check.Errors);
        Assert.Equal((image, target), (form.Image, form.Target));
        var published = new List<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>().Subscribe(c => { lock (published) published.Add(c); });

        var (first, applied) = await portal.AttachAsync(ops, vm, form);
        var (second, _) = await portal.AttachAsync(ops, vm, form);

        Assert.True(first.Status == OperationStatus.Succeeded, $"{first.Status}: {first.Message}");
        lock (published) Assert.Contains(published, c => c.Kind == FleetChangeKind.Vm && c.Concerns(vm.Id));
        Assert.Equal((target, "WEB-TEST-1"), (applied?.Target, applied?.Serial));
        Assert.Equal(OperationStatus.AlreadySubmitted, second.Status);
        Assert.Equal(first.AuditId, second.AuditId);
        var disk = Disk(await portal.WaitForPageAsync(ops, vm.Id, v => Disk(v, target) is not null, Patience, $"disk {target}"), target);
        Assert.Equal(("WEB-TEST-1", "10 GiB"), (disk?.Serial, ByteSize.Format(disk?.CapacityBytes ?? 0)));
        var attached = (await portal.Services.AuditAsync(vm.Id)).Where(a => a.Action == AuditActions.AttachDisk && a.Outcome != AuditOutcome.Refused).ToList();
        var entry = Assert.Single(attached);
        Assert.Equal((AuditOutcome.Succeeded, "ops@portal.example"), (entry.Outcome, entry.UserName));
        Assert.Equal($"Disk {target} added: raw, virtio, cache none, io native, 10 GiB, serial WEB-TEST-1", entry.Summary);
        Assert.Contains($"\"pool\":\"default\",\"volume\":\"{image["default/".Length..]}\"", entry.Parameters, StringComparison.Ordinal);
        Assert.Contains("\"cache\":\"none\"", entry.Parameters, StringComparison.Ordinal);
        await portal.WaitForEventAsync(vm.Id, VmEventKind.DiskAdded, since, Patience);

        var removal = await portal.DetachAsync(ops, vm, target);

        Assert.True(removal.Status == OperationStatus.Succeeded, $"{removal.Status}: {removal.Message}");
        await portal.WaitForPageAsync(ops, vm.Id, v => Disk(v, target) is null, Patience, $"disk {target} gone");
        var removed = (await portal.Services.AuditAsync(vm.Id))[^1];
        Assert.Equal((AuditActions.DetachDisk, AuditOutcome.Succeeded), (removed.Action, removed.Outcome));
        await portal.WaitForEventAsync(vm.Id, VmEventKind.DiskRemoved, since, Patience);
    }

    [Fact]
    public async Task A_new_qcow2_image_is_created_in_the_storage_location_and_attached_with_its_size()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var vm = await portal.VmAsync(admin, "shop-cache-01");
        var name = $"cache-data-{Guid.NewGuid():N}"[..20];

        var (outcome, _) = await portal.AttachAsync(admin, vm, OpsCalls.DiskFormFor(null, "vdc",
            ("source", "new"), ("location", "default"), ("newName", name), ("newSize", "2.5"), ("format", "qcow2"),
            ("cache", "writeback"), ("io", "threads")));

        Assert.True(outcome.Status == OperationStatus.Succeeded, $"{outcome.Status}: {outcome.Message}");
        var host = await HostAsync("sim://node-a");
        var volume = Assert.Single((await host.ListVolumesAsync("default")).Volumes, v => v.Name == $"{name}.qcow2");
        Assert.Equal((DiskFormat.Qcow2, 2560L << 20), (volume.Format, volume.CapacityBytes));
        var disk = Disk(await portal.WaitForPageAsync(admin, vm.Id, v => Disk(v, "vdc") is not null, Patience, "disk vdc"), "vdc");
        Assert.Equal(("2.5 GiB", DiskCache.Writeback), (ByteSize.Format(disk?.CapacityBytes ?? 0), disk?.Cache));
    }

    [Fact]
    public async Task An_image_the_portal_created_keeps_its_format_whatever_the_guest_writes_into_it()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-cache-01");
        var name = $"scratch-{Guid.NewGuid():N}"[..16];
        var (created, applied) = await portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(null, "vdd",
            ("source", "new"), ("location", "default"), ("newName", name), ("newSize", "1")));
        Assert.True(created.Status == OperationStatus.Succeeded, $"{created.Status}: {created.Message}");
        Assert.Equal(OperationStatus.Succeeded, (await portal.DetachAsync(ops, vm, "vdd")).Status);
        await portal.WaitForPageAsync(ops, vm.Id, v => Disk(v, "vdd") is null, Patience, "disk vdd gone");

        // The guest wrote a qcow2 header naming a host file as backing file: the pool now reports a qcow2 image.
        var host = (SimulatedHost)await HostAsync("sim://node-a");
        host.AddImage(applied!.Source, 1L << 30, DiskFormat.Qcow2, new BackingStore("/etc/shadow", "raw"));
        var key = ImageChoice.KeyOf("default", $"{name}.raw");
        var asRaw = await portal.CheckDiskAsync(ops, vm, OpsCalls.DiskFormFor(key, "vdd"));
        var asQcow2 = await portal.CheckDiskAsync(ops, vm, OpsCalls.DiskFormFor(key, "vdd", ("format", "qcow2")));

        Assert.Empty(asRaw.Errors);
        Assert.Contains($"{name}.raw is a raw image: attach it as raw", asQcow2.ErrorFor("format"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_within_the_maximum_is_applied_live_and_recorded()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-db-01");
        var since = DateTime.UtcNow;
        var form = OpsCalls.MemoryFormFor("12");
        var (_, preview) = await portal.MemoryDialogAsync(ops, vm, form);
        Assert.Equal((MemoryPlanKind.Live, false), (preview.Plan?.Kind, preview.NeedsRestart));

        var outcome = await portal.ApplyMemoryAsync(ops, vm, form);

        Assert.True(outcome.Status == OperationStatus.Succeeded, $"{outcome.Status}: {outcome.Message}");
        var domain = (await (await HostAsync("sim://node-a")).ListDomainsAsync()).Single(d => d.Name == "shop-db-01");
        Assert.Equal((12L << 20, 16L << 20), (domain.MemoryKiB, domain.MaxMemoryKiB));
        Assert.Contains("Memory 8 GiB → 12 GiB (live)", (await portal.Services.AuditAsync(vm.Id))[^1].Summary, StringComparison.Ordinal);
        await portal.WaitForEventAsync(vm.Id, VmEventKind.MemoryChanged, since, Patience);
        var page = await portal.WaitForPageAsync(ops, vm.Id, v => v.MemoryKiB == 12L << 20, Patience, "12 GiB of memory");
        Assert.Equal("12 GiB", ByteSize.FormatKiB(page.MemoryKiB));
    }

    [Fact]
    public async Task Memory_above_the_maximum_says_so_before_and_applies_with_a_restart_when_chosen()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-web-01");
        var since = DateTime.UtcNow;

        var (data, preview) = await portal.MemoryDialogAsync(ops, vm, OpsCalls.MemoryFormFor("12"));
        Assert.Equal((MemoryPlanKind.ConfigAndRestart, 12L << 20, 8L << 20), (preview.Plan?.Kind, preview.Plan?.TargetKiB, data.MaxKiB));
        // A running VM above its maximum: the dialog offers "restart now" and "at next start" instead of "apply live".
        Assert.True(preview.NeedsRestart);
        var (_, shrink) = await portal.MemoryDialogAsync(ops, vm, OpsCalls.MemoryFormFor("1"));
        Assert.Contains("The guest uses about", shrink.Warning, StringComparison.Ordinal);

        var outcome = await portal.ApplyMemoryAsync(ops, vm, OpsCalls.MemoryFormFor("12", apply: MemoryForm.RestartNow));

        Assert.True(outcome.Status == OperationStatus.Succeeded, $"{outcome.Status}: {outcome.Message}");
        var domain = (await (await HostAsync("sim://node-a")).ListDomainsAsync()).Single(d => d.Name == "shop-web-01");
        Assert.Equal((12L << 20, 12L << 20, VmState.Running), (domain.MemoryKiB, domain.MaxMemoryKiB, domain.State));
        Assert.Contains("maximum 8 GiB → 12 GiB; applied with a restart", (await portal.Services.AuditAsync(vm.Id))[^1].Summary, StringComparison.Ordinal);
        await portal.WaitForEventAsync(vm.Id, VmEventKind.MaxMemoryChanged, since, Patience);
    }

    [Fact]
    public async Task A_second_change_while_one_runs_is_told_to_wait_and_recorded()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-cache-01");
        using var running = await portal.Services.GetRequiredService<VmOperationGate>().TryEnterAsync(vm.Id, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(running);

        var outcome = await portal.ApplyMemoryAsync(ops, vm, OpsCalls.MemoryFormFor("3"));

        Assert.Equal(OperationStatus.Busy, outcome.Status);
        var entry = (await portal.Services.AuditAsync(vm.Id))[^1];
        Assert.Equal((AuditActions.SetMemory, AuditOutcome.Refused), (entry.Action, entry.Outcome));
        Assert.Contains("in progress", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guest_that_does_not_release_a_disk_leaves_the_removal_pending()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "globex-db-01");
        var uuid = DemoFleet.Vms.Single(v => v.Name == "globex-db-01").Uuid;
        var host = (SimulatedHost)await HostAsync("sim://node-b");
        host.SetGuestIgnoresUnplug(uuid, true);

        var outcome = await portal.DetachAsync(ops, vm, "vdb");

        Assert.Equal(OperationStatus.Pending, outcome.Status);
        Assert.Contains("has not done so", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(AuditOutcome.Pending, (await portal.Services.AuditAsync(vm.Id))[^1].Outcome);
        // The disk stays on the page (marked as waiting for the guest) until the host reports it gone.
        Assert.NotNull(Disk((await portal.FindVmAsync(ops, vm.Id))!, "vdb"));
    }

    private async Task<IHypervisorConnection> HostAsync(string uri) =>
        await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(uri);

    /// <summary>A disk as the VM's page lists it.</summary>
    private static VmDisk? Disk(Vm vm, string target) => vm.Disks.SingleOrDefault(d => d.Target == target);
}
