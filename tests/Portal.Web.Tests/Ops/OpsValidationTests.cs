using Portal.Core.Ops;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>Bad input from an ops user: a clear error on the field, a refused audit entry, and the VM as it was.</summary>
public sealed class OpsValidationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Spare = "default/node-a-spare-01.raw";

    // Only images the storage pools list can be attached, named by pool and volume: a path, or a volume no pool lists,
    // is refused as such (the rules for listed volumes have tests of their own: DiskSourcesTests).
    private const string NotListed = "Choose an image the storage pools list";

    public static TheoryData<string, (string, string)[], string, string> BadDisks() => new()
    {
        { "native io with writeback cache", [("cache", "writeback"), ("io", "native")], "io", "io=native needs cache=none or cache=directsync" },
        { "native io with writethrough cache", [("cache", "writethrough"), ("io", "native")], "io", "io=native needs" },
        { "a path outside storage", [("image", "/etc/passwd")], "source", NotListed },
        { "a path inside storage", [("image", "/var/lib/libvirt/images/node-a-spare-01.raw")], "source", NotListed },
        { "a volume climbing out with ..", [("image", "default/../../../etc/shadow")], "source", NotListed },
        { "a pool that is not configured", [("image", "images/node-a-spare-01.raw")], "source", NotListed },
        { "an image that is not there", [("image", "default/missing.raw")], "source", NotListed },
        { "an image attached to another VM", [("image", "default/shop-db-01-data1.raw")], "source", "attached to another VM (shop-db-01)" },
        { "an image already on this VM", [("image", "default/shop-web-01-data1.raw")], "source", "already attached to this VM" },
        { "a qcow2 image attached as raw", [("image", "default/node-a-spare-02.qcow2")], "format", "is a qcow2 image" },
        { "a qcow2 whose backing file lies outside the pools", [("image", "default/node-a-overlay-01.qcow2"), ("format", "qcow2")], "source",
            "backing file /srv/golden/debian-12.qcow2 lies outside the storage pools" },
        { "a target in use", [("target", "vda")], "target", "already in use" },
        { "a target of another bus", [("target", "sdb")], "target", "not a valid target for the virtio bus" },
        { "an unknown bus", [("bus", "ide")], "bus", "Choose a bus" },
        { "an unknown cache mode", [("cache", "fast")], "cache", "not a cache mode" },
        { "a serial with spaces", [("serial", "has spaces")], "serial", "at most 20 characters" },
        { "a new image of junk size", [("source", "new"), ("location", "default"), ("newName", "data-x"), ("newSize", "lots")], "newSize", "is not a size" },
        { "a new image of negative size", [("source", "new"), ("location", "default"), ("newName", "data-x"), ("newSize", "-5")], "newSize", "is not a size" },
        { "a new image of zero size", [("source", "new"), ("location", "default"), ("newName", "data-x"), ("newSize", "0")], "newSize", "more than 0" },
        { "a new image larger than allowed", [("source", "new"), ("location", "default"), ("newName", "data-x"), ("newSize", "1000000")], "newSize", "at most 4096 GiB" },
        { "a new image named with a slash", [("source", "new"), ("location", "default"), ("newName", "../etc/x"), ("newSize", "1")], "newName", "no '/'" },
        { "a new image over an existing file", [("source", "new"), ("location", "default"), ("newName", "node-a-spare-01.raw"), ("newSize", "1")], "newName", "exists already" },
        { "a new image in a directory", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "x"), ("newSize", "1")], "location", "Choose a storage pool: default" },
        { "a new image in a pool that is not configured", [("source", "new"), ("location", "images"), ("newName", "x"), ("newSize", "1")], "location", "Choose a storage pool" },
    };

    [Theory]
    [MemberData(nameof(BadDisks))]
    public async Task A_bad_disk_request_is_refused_with_a_clear_error_and_changes_nothing(string why, (string, string)[] fields, string field, string message)
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-web-01");
        var disksBefore = await DisksAsync();
        var volumesBefore = await VolumesAsync();
        var auditBefore = (await portal.Services.AuditAsync(vm.Id)).Count;

        // The dialog shows the error before anyone clicks…
        var check = await portal.CallAsync<DiskOperations, DiskCheck>(async disks =>
            await disks.CheckAsync(OpsCalls.DiskFormFor(Spare, "vdc", fields), await disks.LoadAsync(ops, vm, CancellationToken.None), CancellationToken.None));
        // …and the operation refuses it all the same.
        var (outcome, applied) = await portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(Spare, "vdc", fields));

        Assert.True(outcome.Status == OperationStatus.Invalid, $"{why}: {outcome.Status}, {outcome.Message}");
        Assert.Null(applied);
        var error = outcome.Errors.MessageFor(field);
        Assert.True(error is not null, $"{why}: no error on '{field}' but on {string.Join(", ", outcome.Errors.Select(e => e.Field))}");
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(message, check.ErrorFor(field) ?? $"(the dialog shows no error on '{field}')", StringComparison.Ordinal);
        Assert.Equal(disksBefore, await DisksAsync());
        Assert.Equal(volumesBefore, await VolumesAsync());
        var audit = await portal.Services.AuditAsync(vm.Id);
        Assert.Equal(auditBefore + 1, audit.Count);
        Assert.Equal((AuditActions.AttachDisk, AuditOutcome.Refused, "ops@portal.example"), (audit[^1].Action, audit[^1].Outcome, audit[^1].UserName));
        Assert.Contains(message, audit[^1].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots", "GiB", "is not a memory size")]
    [InlineData("-2", "GiB", "is not a memory size")]
    [InlineData("0", "GiB", "is not a memory size")]
    [InlineData("64", "MiB", "at least 128 MiB")]
    [InlineData("2000", "GiB", "at most 1024 GiB")]
    [InlineData("1.0000001", "MiB", "whole KiB")]
    public async Task Memory_out_of_bounds_is_refused_and_changes_nothing(string size, string unit, string message)
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-web-01");
        var before = await DomainAsync();
        var form = OpsCalls.MemoryFormFor(size, unit);

        var (_, check) = await portal.MemoryDialogAsync(ops, vm, form);
        var outcome = await portal.ApplyMemoryAsync(ops, vm, form);

        Assert.Null(check.Plan);
        Assert.Contains(message, check.ErrorFor("memory") ?? "(the dialog shows no error)", StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Invalid, outcome.Status);
        Assert.Contains(message, outcome.Errors.MessageFor("memory") ?? "(no error on memory)", StringComparison.Ordinal);
        var after = await DomainAsync();
        Assert.Equal((before.MemoryKiB, before.MaxMemoryKiB), (after.MemoryKiB, after.MaxMemoryKiB));
        var last = (await portal.Services.AuditAsync(vm.Id))[^1];
        Assert.Equal((AuditActions.SetMemory, AuditOutcome.Refused), (last.Action, last.Outcome));
    }

    [Fact]
    public async Task Memory_above_the_maximum_is_not_applied_live_without_choosing_a_restart()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "shop-web-01");
        var before = await DomainAsync();

        var outcome = await portal.ApplyMemoryAsync(ops, vm, OpsCalls.MemoryFormFor("12", apply: MemoryForm.Live));

        Assert.Equal(OperationStatus.Invalid, outcome.Status);
        Assert.Contains("needs a configuration change and a restart", outcome.Errors.MessageFor("apply") ?? "(no error on apply)", StringComparison.Ordinal);
        Assert.Equal(before.MaxMemoryKiB, (await DomainAsync()).MaxMemoryKiB);
        Assert.Equal(AuditOutcome.Refused, (await portal.Services.AuditAsync(vm.Id))[^1].Outcome);
    }

    private async Task<DomainDescription> DomainAsync()
    {
        var host = await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync("sim://node-a");
        return (await host.ListDomainsAsync()).Single(d => d.Name == "shop-web-01");
    }

    private async Task<string> DisksAsync() => string.Join(",", (await DomainAsync()).Disks.Select(d => $"{d.Target}={d.Source}"));

    private async Task<string> VolumesAsync()
    {
        var host = await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync("sim://node-a");
        return string.Join(",", (await host.ListVolumesAsync("default")).Volumes.Select(v => v.Path));
    }
}
