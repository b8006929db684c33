using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Interop;

/// <summary>
/// Subscribes one connection to lifecycle, reboot, device and balloon events and to its close notification, and turns
/// each callback (on libvirt's event-loop thread) into a <see cref="DomainEvent"/> for the sink. Callbacks never
/// throw back into libvirt.
/// </summary>
internal sealed unsafe class EventBridge : IDisposable
{
    private readonly ConnectionHandle _connection;
    private readonly Action<DomainEvent> _sink;
    private readonly Action _closed;
    private readonly GCHandle _self;
    private readonly List<int> _callbackIds = [];
    private bool _closeRegistered;

    public EventBridge(ConnectionHandle connection, Action<DomainEvent> sink, Action closed)
    {
        _connection = connection;
        _sink = sink;
        _closed = closed;
        _self = GCHandle.Alloc(this);
        var opaque = GCHandle.ToIntPtr(_self);
        try
        {
            Register(Flags.EventLifecycle, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, int, IntPtr, int>)&OnLifecycle, opaque);
            Register(Flags.EventReboot, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void>)&OnReboot, opaque);
            Register(Flags.EventDeviceAdded, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, IntPtr, void>)&OnDeviceAdded, opaque);
            Register(Flags.EventDeviceRemoved, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, IntPtr, void>)&OnDeviceRemoved, opaque);
            Register(Flags.EventDeviceRemovalFailed, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, IntPtr, void>)&OnDeviceRemovalFailed, opaque);
            Register(Flags.EventBalloonChange, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, void>)&OnBalloonChange, opaque);
            Ensure.Success(LibvirtNative.virConnectRegisterCloseCallback(connection, &OnClose, opaque, IntPtr.Zero));
            _closeRegistered = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Register(int eventId, IntPtr callback, IntPtr opaque) =>
        _callbackIds.Add(Ensure.Success(LibvirtNative.virConnectDomainEventRegisterAny(_connection, IntPtr.Zero, eventId, callback, opaque, IntPtr.Zero)));

    public void Dispose()
    {
        if (!_connection.IsClosed)
        {
            foreach (var id in _callbackIds)
            {
                if (LibvirtNative.virConnectDomainEventDeregisterAny(_connection, id) < 0) Ensure.Forget();
            }
            if (_closeRegistered && LibvirtNative.virConnectUnregisterCloseCallback(_connection, &OnClose) < 0) Ensure.Forget();
        }
        _callbackIds.Clear();
        if (_self.IsAllocated) _self.Free();
    }

    private static void Deliver(IntPtr opaque, IntPtr domain, DomainEventKind kind, string? device = null, long? balloonKiB = null, string? detail = null)
    {
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is not EventBridge bridge) return;
            bridge._sink(new DomainEvent(NativeConnection.UuidOf(domain), DateTime.UtcNow, kind, device, balloonKiB, detail));
        }
        catch (Exception)
        {
            // An exception must not unwind into libvirt's event loop; a lost event is recovered by the next sweep.
            Ensure.Forget();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnLifecycle(IntPtr connection, IntPtr domain, int lifecycle, int detail, IntPtr opaque)
    {
        if (LifecycleKind(lifecycle) is { } kind) Deliver(opaque, domain, kind, detail: LifecycleDetailOf(lifecycle, detail));
        return 0;
    }

    /// <summary>The guest was reset (QEMU's RESET): a reboot, asked through the host or made by the guest itself.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnReboot(IntPtr connection, IntPtr domain, IntPtr opaque) => Deliver(opaque, domain, DomainEventKind.Rebooted);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDeviceAdded(IntPtr connection, IntPtr domain, byte* alias, IntPtr opaque) =>
        Deliver(opaque, domain, DomainEventKind.DeviceAdded, Marshal.PtrToStringUTF8((IntPtr)alias));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDeviceRemoved(IntPtr connection, IntPtr domain, byte* alias, IntPtr opaque) =>
        Deliver(opaque, domain, DomainEventKind.DeviceRemoved, Marshal.PtrToStringUTF8((IntPtr)alias));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDeviceRemovalFailed(IntPtr connection, IntPtr domain, byte* alias, IntPtr opaque) =>
        Deliver(opaque, domain, DomainEventKind.DeviceRemovalFailed, Marshal.PtrToStringUTF8((IntPtr)alias));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnBalloonChange(IntPtr connection, IntPtr domain, ulong actualKiB, IntPtr opaque) =>
        Deliver(opaque, domain, DomainEventKind.BalloonChanged, balloonKiB: (long)actualKiB);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnClose(IntPtr connection, int reason, IntPtr opaque)
    {
        try
        {
            (GCHandle.FromIntPtr(opaque).Target as EventBridge)?._closed();
        }
        catch (Exception)
        {
            Ensure.Forget();
        }
    }

    /// <summary>virDomainEventType to the port's kinds; PM suspend and unknown values are not reported.</summary>
    internal static DomainEventKind? LifecycleKind(int lifecycle) => lifecycle switch
    {
        0 => DomainEventKind.Defined,
        1 => DomainEventKind.Undefined,
        2 => DomainEventKind.Started,
        3 => DomainEventKind.Suspended,
        4 => DomainEventKind.Resumed,
        5 => DomainEventKind.Stopped,
        6 => DomainEventKind.Shutdown,
        8 => DomainEventKind.Crashed,
        _ => null,
    };

    /// <summary>The virDomainEvent*DetailType of a Started, Stopped or Shutdown event in the port's words; null for others.</summary>
    internal static string? LifecycleDetailOf(int lifecycle, int detail) => (lifecycle, detail) switch
    {
        (2, 0) => LifecycleDetail.Booted,
        (2, 1) => LifecycleDetail.Migrated,
        (2, 2) => LifecycleDetail.Restored,
        (2, 3) => LifecycleDetail.FromSnapshot,
        (2, 4) => LifecycleDetail.Wakeup,
        (5, 0) => LifecycleDetail.ShutDown,
        (5, 1) => LifecycleDetail.Destroyed,
        (5, 2) => LifecycleDetail.Crashed,
        (5, 3) => LifecycleDetail.Migrated,
        (5, 4) => LifecycleDetail.Saved,
        (5, 5) => LifecycleDetail.Failed,
        (5, 6) => LifecycleDetail.FromSnapshot,
        (6, 1) => LifecycleDetail.ByGuest,
        (6, 2) => LifecycleDetail.ByHost,
        _ => null,
    };
}
