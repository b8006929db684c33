using Microsoft.Win32.SafeHandles;

namespace Portal.Libvirt.Interop;

/// <summary>A virConnectPtr; closing drops libvirt's reference.</summary>
internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConnectionHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}

/// <summary>A virDomainPtr. It keeps its connection alive for as long as it lives, as libvirt's own refs do.</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private ConnectionHandle? _parent;

    public DomainHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of a domain reference libvirt handed out (from a list or stats record).</summary>
    public DomainHandle(IntPtr domain, ConnectionHandle parent) : base(ownsHandle: true)
    {
        SetHandle(domain);
        KeepAlive(parent);
    }

    public void KeepAlive(ConnectionHandle parent)
    {
        var added = false;
        parent.DangerousAddRef(ref added);
        if (added) _parent = parent;
    }

    protected override bool ReleaseHandle()
    {
        var freed = LibvirtNative.virDomainFree(handle) >= 0;
        _parent?.DangerousRelease();
        return freed;
    }
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
