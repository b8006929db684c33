using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Libvirt;
using Portal.Libvirt.Interop;
using Portal.Libvirt.Xml;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>How libvirt's events become the port's: lifecycle details, devices named as the portal names them, one reboot.</summary>
public sealed class DeviceEventTests
{
    private static readonly Guid Domain = Guid.Parse("0c8e6a52-3b0d-4e6e-9a1b-2f1d6c1e8a11");

    private const string LiveXml = """
        <domain type='qemu' id='3'>
          <name>web-1</name>
          <uuid>0c8e6a52-3b0d-4e6e-9a1b-2f1d6c1e8a11</uuid>
          <memory unit='KiB'>262144</memory>
          <devices>
            <disk type='file' device='disk'><source file='/i/a.raw'/><target dev='vda' bus='virtio'/><alias name='virtio-disk0'/></disk>
            <disk type='file' device='disk'><source file='/i/b.raw'/><target dev='sdb' bus='scsi'/><alias name='ua-data'/></disk>
            <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>
            <interface type='ethernet'><mac address='52:54:00:AB:CD:EF'/><alias name='net0'/></interface>
            <memballoon model='virtio'><alias name='balloon0'/></memballoon>
          </devices>
        </domain>
        """;

    [Fact]
    public void A_live_definition_names_each_aliased_disk_by_target_and_each_nic_by_mac()
    {
        var names = DomainXml.Parse(LiveXml, VmState.Running).DeviceNames;

        Assert.Equal(new Dictionary<string, string> { ["virtio-disk0"] = "vda", ["ua-data"] = "sdb", ["net0"] = "52:54:00:ab:cd:ef" }, names);
    }

    [Theory]
    [InlineData(2, 0, DomainEventKind.Started, LifecycleDetail.Booted)]
    [InlineData(5, 0, DomainEventKind.Stopped, LifecycleDetail.ShutDown)]
    [InlineData(5, 1, DomainEventKind.Stopped, LifecycleDetail.Destroyed)]
    [InlineData(5, 2, DomainEventKind.Stopped, LifecycleDetail.Crashed)]
    [InlineData(6, 1, DomainEventKind.Shutdown, LifecycleDetail.ByGuest)]
    [InlineData(6, 0, DomainEventKind.Shutdown, null)]
    [InlineData(4, 0, DomainEventKind.Resumed, null)]
    public void Lifecycle_events_keep_why_they_happened(int lifecycle, int detail, DomainEventKind kind, string? words)
    {
        Assert.Equal(kind, EventBridge.LifecycleKind(lifecycle));
        Assert.Equal(words, EventBridge.LifecycleDetailOf(lifecycle, detail));
    }

    [Fact]
    public async Task Device_events_reach_subscribers_in_order_named_by_target_even_after_the_device_is_gone_from_the_definition()
    {
        var delivered = Channel.CreateUnbounded<DomainEvent>();
        var reads = 0;
        await using var relay = new EventRelay(_ => { reads++; return Task.CompletedTask; }, e => delivered.Writer.TryWrite(e), NullLogger.Instance);
        relay.Remember(Domain, DomainXml.Parse(LiveXml, VmState.Running).DeviceNames);
        // A later read no longer shows the disk: its removal event is still named.
        relay.Remember(Domain, new Dictionary<string, string>());

        relay.Post(Event(DomainEventKind.DeviceRemoved, "ua-data"));
        relay.Post(Event(DomainEventKind.Stopped));
        relay.Post(Event(DomainEventKind.DeviceRemoved, "net0"));

        Assert.Equal(("sdb", DomainEventKind.Stopped, "52:54:00:ab:cd:ef"),
            ((await NextAsync(delivered)).Device, (await NextAsync(delivered)).Kind, (await NextAsync(delivered)).Device));
        Assert.Equal(0, reads);
    }

    [Fact]
    public async Task A_device_added_since_the_last_read_is_looked_up_and_one_that_cannot_be_keeps_libvirt_s_alias()
    {
        var delivered = Channel.CreateUnbounded<DomainEvent>();
        EventRelay? relay = null;
        var names = new Dictionary<string, string> { ["virtio-disk1"] = "vdb" };
        relay = new EventRelay(uuid => { relay!.Remember(uuid, names); return Task.CompletedTask; }, e => delivered.Writer.TryWrite(e), NullLogger.Instance);
        await using (relay)
        {
            relay.Post(Event(DomainEventKind.DeviceAdded, "virtio-disk1"));
            relay.Post(Event(DomainEventKind.DeviceAdded, "ua-unknown"));

            Assert.Equal("vdb", (await NextAsync(delivered)).Device);
            Assert.Equal("ua-unknown", (await NextAsync(delivered)).Device);
        }
    }

    [Fact]
    public async Task Resets_in_a_row_are_one_reboot_and_the_next_reboot_is_another()
    {
        var delivered = Channel.CreateUnbounded<DomainEvent>();
        await using var relay = new EventRelay(_ => Task.CompletedTask, e => delivered.Writer.TryWrite(e), NullLogger.Instance);
        var first = DateTime.UtcNow;

        relay.Post(Event(DomainEventKind.Rebooted, time: first));
        relay.Post(Event(DomainEventKind.Rebooted, time: first.AddMilliseconds(50)));
        relay.Post(Event(DomainEventKind.Rebooted, time: first.AddMilliseconds(55)));
        relay.Post(Event(DomainEventKind.Rebooted, time: first + EventRelay.OneReboot + TimeSpan.FromSeconds(1)));
        relay.Post(Event(DomainEventKind.Stopped, time: first + EventRelay.OneReboot + TimeSpan.FromSeconds(2)));

        Assert.Equal(first, (await NextAsync(delivered)).TimeUtc);
        Assert.Equal(first + EventRelay.OneReboot + TimeSpan.FromSeconds(1), (await NextAsync(delivered)).TimeUtc);
        Assert.Equal(DomainEventKind.Stopped, (await NextAsync(delivered)).Kind);
    }

    private static DomainEvent Event(DomainEventKind kind, string? device = null, DateTime? time = null) =>
        new(Domain, time ?? DateTime.UtcNow, kind, device);

    private static async Task<DomainEvent> NextAsync(Channel<DomainEvent> delivered)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await delivered.Reader.ReadAsync(deadline.Token);
    }
}
