using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;

namespace Portal.Web.Tests.Ops;

/// <summary>Bad input from an ops user: a clear error on the field, a refused audit entry, and the VM as it was.</summary>
public sealed class OpsValidationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Spare = "/var/lib/libvirt/images/node-a-spare-01.raw";

    public static TheoryData<string, (string, string)[], string, string> BadDisks() => new()
    {
        { "native io with writeback cache", [("cache", "writeback"), ("io", "native")], "io", "io=native needs cache=none or cache=directsync" },
        { "native io with writethrough cache", [("cache", "writethrough"), ("io", "native")], "io", "io=native needs" },
        { "a path outside storage", [("image", "/etc/passwd")], "source", "must be inside /var/lib/libvirt/images" },
        { "a path climbing out with ..", [("image", "/var/lib/libvirt/images/../../../etc/shadow")], "source", "must be inside" },
        { "a relative path", [("image", "images/a.raw")], "source", "must be inside" },
        { "an image that is not there", [("image", "/var/lib/libvirt/images/missing.raw")], "source", "There is no disk image" },
        { "an image attached to another VM", [("image", "/var/lib/libvirt/images/shop-db-01-data1.raw")], "source", "attached to another VM" },
        { "a qcow2 image attached as raw", [("image", "/var/lib/libvirt/images/node-a-spare-02.qcow2")], "format", "is a qcow2 image" },
        { "a target in use", [("target", "vda")], "target", "already in use" },
        { "a target of another bus", [("target", "sdb")], "target", "not a valid target for the virtio bus" },
        { "an unknown bus", [("bus", "ide")], "bus", "Choose a bus" },
        { "an unknown cache mode", [("cache", "fast")], "cache", "not a cache mode" },
        { "a serial with spaces", [("serial", "has spaces")], "serial", "at most 20 characters" },
        { "a new image of junk size", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "data-x"), ("newSize", "lots")], "newSize", "is not a size" },
        { "a new image of negative size", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "data-x"), ("newSize", "-5")], "newSize", "is not a size" },
        { "a new image of zero size", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "data-x"), ("newSize", "0")], "newSize", "more than 0" },
        { "a new image larger than allowed", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "data-x"), ("newSize", "1000000")], "newSize", "at most 4096 GiB" },
        { "a new image named with a slash", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "../etc/x"), ("newSize", "1")], "newName", "no '/'" },
        { "a new image over an existing file", [("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", "node-a-spare-01.raw"), ("newSize", "1")], "newName", "exists already" },
        { "a new image outside the locations", [("source", "new"), ("location", "/tmp"), ("newName", "x"), ("newSize", "1")], "location", "Choose a storage location" },
    };

    [Theory]
    [MemberData(nameof(BadDisks))]
    public async Task A_bad_disk_request_is_refused_with_a_clear_error_and_changes_nothing(string why, (string, string)[] fields, string field, string message)
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var disksBefore = await DisksAsync();
        var volumesBefore = await VolumesAsync();

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", OpsRequests.DiskForm(Spare, "vdc", fields), token);

        Assert.True(HttpStatusCode.UnprocessableEntity == response.StatusCode, why);
        var errors = (await response.ParseAsync()).FieldErrors();
        Assert.True(errors.ContainsKey(field), $"{why}: no error on '{field}' but on {string.Join(", ", errors.Keys)}");
        Assert.Contains(message, errors[field], StringComparison.Ordinal);
        Assert.Equal(disksBefore, await DisksAsync());
        Assert.Equal(volumesBefore, await VolumesAsync());
        var last = (await portal.Services.AuditAsync(vmId))[^1];
        Assert.Equal((AuditActions.AttachDisk, AuditOutcome.Refused), (last.Action, last.Outcome));
        Assert.Contains(message, last.Error, StringComparison.Ordinal);
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
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var before = await DomainAsync();

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm(size, unit), token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, (await response.ParseAsync()).FieldErrors()["memory"], StringComparison.Ordinal);
        var after = await DomainAsync();
        Assert.Equal((before.MemoryKiB, before.MaxMemoryKiB), (after.MemoryKiB, after.MaxMemoryKiB));
        Assert.Equal(AuditOutcome.Refused, (await portal.Services.AuditAsync(vmId))[^1].Outcome);
    }

    [Fact]
    public async Task Memory_above_the_maximum_is_not_applied_live_without_choosing_a_restart()
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var before = await DomainAsync();

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("12", apply: "live"), token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("needs a configuration change and a restart", (await response.ParseAsync()).FieldErrors()["apply"], StringComparison.Ordinal);
        Assert.Equal(before.MaxMemoryKiB, (await DomainAsync()).MaxMemoryKiB);
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
        return string.Join(",", (await host.ListVolumesAsync("/var/lib/libvirt/images")).Select(v => v.Path));
    }
}
