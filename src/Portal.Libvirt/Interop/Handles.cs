using Microsoft.Win32.SafeHandles;

namespace Portal.Libvirt.Interop;

/// <summary>A virConnectPtr; closing drops libvirt's reference.</summary>
internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConnectionHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}

/// <summary>
/// An object libvirt hands out from a connection (domain, pool, volume). It keeps the connection alive for as
/// long as it lives, as libvirt's own references do, so closing a connection never leaves it dangling.
/// </summary>
internal abstract class ConnectionChildHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private ConnectionHandle? _parent;

    protected ConnectionChildHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of a reference libvirt handed out (from a list or stats record).</summary>
    protected ConnectionChildHandle(IntPtr child, ConnectionHandle parent) : base(ownsHandle: true)
    {
        SetHandle(child);
        KeepAlive(parent);
    }

    public void KeepAlive(ConnectionHandle parent)
    {
        var added = false;
        parent.DangerousAddRef(ref added);
        if (added) _parent = parent;
    }

    protected abstract int Free(IntPtr child);

    protected sealed override bool ReleaseHandle()
    {
        var freed = Free(handle) >= 0;
        _parent?.DangerousRelease();
        return freed;
    }
}

/// <summary>A virDomainPtr.</summary>
internal sealed class DomainHandle : ConnectionChildHandle
{
    public DomainHandle() { }

    public DomainHandle(IntPtr domain, ConnectionHandle parent) : base(domain, parent) { }

    protected override int Free(IntPtr child) => LibvirtNative.virDomainFree(child);
}

/// <summary>A virStoragePoolPtr: one of the host's storage pools.</summary>
internal sealed class StoragePoolHandle : ConnectionChildHandle
{
    public StoragePoolHandle() { }

    protected override int Free(IntPtr child) => LibvirtNative.virStoragePoolFree(child);
}

/// <summary>A virStorageVolPtr: one image in a pool.</summary>
internal sealed class StorageVolumeHandle : ConnectionChildHandle
{
    public StorageVolumeHandle() { }

    public StorageVolumeHandle(IntPtr volume, ConnectionHandle parent) : base(volume, parent) { }

    protected override int Free(IntPtr child) => LibvirtNative.virStorageVolFree(child);
}

/// <summary>The NULL-terminated virDomainStatsRecordPtr array; freeing it also drops the records' domain refs.</summary>
internal sealed unsafe class DomainStatsListHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DomainStatsListHandle(IntPtr* records) : base(ownsHandle: true) => SetHandle((IntPtr)records);

    public VirDomainStatsRecord** Records => (VirDomainStatsRecord**)handle;

    protected override bool ReleaseHandle()
    {
        LibvirtNative.virDomainStatsRecordListFree(handle);
        return true;
    }
}
