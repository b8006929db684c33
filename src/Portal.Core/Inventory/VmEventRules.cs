using System.Text.RegularExpressions;
using Portal.Core.Hypervisor;

namespace Portal.Core.Inventory;

/// <summary>Which host events become marks on a VM's charts, and with what detail.</summary>
public static partial class VmEventRules
{
    /// <summary>
    /// What is worth a mark. The end of a VM is one mark: a guest that shuts down reports Shutdown and then Stopped,
    /// and only the Stopped is marked. Balloon changes are too chatty (every balloon step) and are left out.
    /// </summary>
    public static VmEventKind? KindOf(DomainEvent e) => e.Kind switch
    {
        DomainEventKind.Started => VmEventKind.Started,
        DomainEventKind.Stopped => VmEventKind.Stopped,
        DomainEventKind.Rebooted => VmEventKind.Restarted,
        DomainEventKind.Crashed => VmEventKind.Crashed,
        DomainEventKind.Suspended => VmEventKind.Paused,
        DomainEventKind.Resumed => VmEventKind.Resumed,
        DomainEventKind.DeviceAdded when IsDisk(e.Device) => VmEventKind.DiskAdded,
        DomainEventKind.DeviceRemoved when IsDisk(e.Device) => VmEventKind.DiskRemoved,
        DomainEventKind.DeviceAdded when IsNic(e.Device) => VmEventKind.NicAdded,
        DomainEventKind.DeviceRemoved when IsNic(e.Device) => VmEventKind.NicRemoved,
        _ => null,
    };

    /// <summary>The marks that say what state the VM went into.</summary>
    public static readonly IReadOnlyList<VmEventKind> Lifecycle =
        [VmEventKind.Started, VmEventKind.Stopped, VmEventKind.Restarted, VmEventKind.Crashed, VmEventKind.Paused, VmEventKind.Resumed];

    /// <summary>
    /// Whether a mark of <paramref name="kind"/> is drawn after the VM's latest lifecycle mark <paramref name="previous"/>:
    /// a resume only after a pause. libvirt starts a domain paused and lets it run just before it reports the start, and
    /// that resume is no mark of its own.
    /// </summary>
    public static bool IsMarked(VmEventKind kind, VmEventKind? previous) => kind != VmEventKind.Resumed || previous == VmEventKind.Paused;

    /// <summary>The mark's detail: the device it concerns, or why the VM stopped.</summary>
    public static string? DetailOf(DomainEvent e) => e.Kind switch
    {
        DomainEventKind.DeviceAdded or DomainEventKind.DeviceRemoved => e.Device,
        DomainEventKind.Stopped => e.Detail switch
        {
            LifecycleDetail.ShutDown => "clean shutdown",
            LifecycleDetail.Destroyed => "forced off",
            LifecycleDetail.Crashed => "crashed",
            LifecycleDetail.Migrated => "migrated to another host",
            LifecycleDetail.Saved => "saved",
            LifecycleDetail.Failed => "failed",
            _ => null,
        },
        DomainEventKind.Started => e.Detail switch
        {
            LifecycleDetail.Restored => "restored from a saved state",
            LifecycleDetail.Migrated => "migrated from another host",
            LifecycleDetail.FromSnapshot => "reverted to a snapshot",
            LifecycleDetail.Wakeup => "woken up",
            _ => null,
        },
        _ => null,
    };

    /// <summary>
    /// A disk: by its target (vda, sdb, hdc, xvda), or, when the host could not name it, by one of libvirt's aliases
    /// (virtio-disk1, scsi0-0-0-1, sata0-0-1, ide0-0-1).
    /// </summary>
    public static bool IsDisk(string? device) => device is not null && (DiskTarget().IsMatch(device) || DiskAlias().IsMatch(device));

    /// <summary>A NIC: by its MAC, or by libvirt's alias (net0).</summary>
    public static bool IsNic(string? device) => device is not null && (Mac().IsMatch(device) || NicAlias().IsMatch(device));

    [GeneratedRegex("^(vd|sd|hd|xvd)[a-z]+$")]
    private static partial Regex DiskTarget();

    [GeneratedRegex("^(virtio-disk[0-9]+|(scsi|sata|ide)[0-9]+(-[0-9]+)+)$")]
    private static partial Regex DiskAlias();

    [GeneratedRegex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")]
    private static partial Regex Mac();

    [GeneratedRegex("^net[0-9]+$")]
    private static partial Regex NicAlias();
}
