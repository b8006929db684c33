using System.Runtime.InteropServices;
using System.Text;

namespace Portal.Libvirt.Interop;

/// <summary>
/// The call-check-wrap layer: each method makes one libvirt call (or a short, fixed sequence), checks it through
/// <see cref="Ensure"/>, and returns managed values. Blocking; callers run it off the request thread.
/// </summary>
internal sealed unsafe class NativeConnection : IDisposable
{
    private NativeConnection(ConnectionHandle handle) => Handle = handle;

    public ConnectionHandle Handle { get; }

    public static NativeConnection Open(string uri)
    {
        LibvirtRuntime.EnsureStarted();
        return new NativeConnection(Ensure.Valid(LibvirtNative.virConnectOpen(uri)));
    }

    public bool IsAlive => !Handle.IsClosed && LibvirtNative.virConnectIsAlive(Handle) == 1;

    /// <summary>Keepalive probes detect a dead peer; local drivers have none to probe, which is fine.</summary>
    public void TrySetKeepAlive(int intervalSeconds, uint count)
    {
        if (LibvirtNative.virConnectSetKeepAlive(Handle, intervalSeconds, count) < 0) Ensure.Forget();
    }

    public IReadOnlyList<DomainHandle> ListAllDomains()
    {
        var count = Ensure.Success(LibvirtNative.virConnectListAllDomains(Handle, out var domains, 0));
        try
        {
            var list = new DomainHandle[count];
            for (var i = 0; i < count; i++) list[i] = new DomainHandle(domains[i], Handle);
            return list;
        }
        finally
        {
            LibvirtNative.Free(domains);
        }
    }

    public DomainHandle LookupDomain(Guid uuid)
    {
        var domain = Ensure.Valid(LibvirtNative.virDomainLookupByUUIDString(Handle, uuid.ToString("D")));
        domain.KeepAlive(Handle);
        return domain;
    }

    /// <summary>The UUID of a domain pointer libvirt lent us (in a callback or stats record).</summary>
    public static Guid UuidOf(IntPtr domain)
    {
        var buffer = stackalloc byte[Flags.UuidStringLength];
        Ensure.Success(LibvirtNative.virDomainGetUUIDString(domain, buffer));
        return Guid.Parse(Encoding.ASCII.GetString(buffer, Flags.UuidStringLength - 1));
    }

    public static string Xml(DomainHandle domain, bool inactive) =>
        Ensure.OwnedString(LibvirtNative.virDomainGetXMLDesc(domain, inactive ? Flags.XmlInactive : 0));

    public static int State(DomainHandle domain)
    {
        Ensure.Success(LibvirtNative.virDomainGetState(domain, out var state, out _, 0));
        return state;
    }

    public static bool IsActive(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainIsActive(domain)) == 1;

    public static bool IsPersistent(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainIsPersistent(domain)) == 1;

    /// <summary>
    /// Replaces the element of namespace <paramref name="uri"/> in the domain's &lt;metadata&gt; with
    /// <paramref name="xml"/> (given without a namespace: libvirt puts it and its children in <paramref name="uri"/>
    /// under the prefix <paramref name="key"/>), or removes it when <paramref name="xml"/> is null.
    /// </summary>
    public static void SetMetadataElement(DomainHandle domain, string? xml, string key, string uri, uint flags) =>
        Ensure.Success(LibvirtNative.virDomainSetMetadata(domain, Flags.MetadataElement, xml, key, uri, flags));

    public static void AttachDevice(DomainHandle domain, string xml, uint flags) =>
        Ensure.Success(LibvirtNative.virDomainAttachDeviceFlags(domain, xml, flags));

    public static void DetachDevice(DomainHandle domain, string xml, uint flags) =>
        Ensure.Success(LibvirtNative.virDomainDetachDeviceFlags(domain, xml, flags));

    public static void SetMemory(DomainHandle domain, long kib, uint flags) =>
        Ensure.Success(LibvirtNative.virDomainSetMemoryFlags(domain, new CULong((nuint)kib), flags));

    public static void Create(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainCreate(domain));

    public static void Shutdown(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainShutdown(domain));

    public static void Reboot(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainReboot(domain, 0));

    public static void Destroy(DomainHandle domain) => Ensure.Success(LibvirtNative.virDomainDestroy(domain));

    /// <summary>The size the guest sees of a disk, or null when the host cannot tell (e.g. an image it cannot open).</summary>
    public static long? BlockCapacity(DomainHandle domain, string target)
    {
        if (LibvirtNative.virDomainGetBlockInfo(domain, target, out var info, 0) >= 0) return (long)info.Capacity;
        Ensure.Forget();
        return null;
    }

    public StoragePoolHandle LookupPool(string name)
    {
        var pool = Ensure.Valid(LibvirtNative.virStoragePoolLookupByName(Handle, name));
        pool.KeepAlive(Handle);
        return pool;
    }

    public static bool IsActive(StoragePoolHandle pool) => Ensure.Success(LibvirtNative.virStoragePoolIsActive(pool)) == 1;

    public static string PoolXml(StoragePoolHandle pool) => Ensure.OwnedString(LibvirtNative.virStoragePoolGetXMLDesc(pool, 0));

    /// <summary>
    /// Rescans the pool (files copied in by hand appear, deleted ones go), then lists its volumes. A file removed while
    /// the pool is being scanned fails the scan ("Cannot access storage file"); the scan is tried again a few times.
    /// </summary>
    public IReadOnlyList<StorageVolumeHandle> RefreshAndListVolumes(StoragePoolHandle pool)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Ensure.Success(LibvirtNative.virStoragePoolRefresh(pool, 0));
                break;
            }
            catch (LibvirtException e) when (attempt < 3 && e.Code == Flags.ErrSystem && e.Domain == Flags.FromStorage)
            {
            }
        }
        var count = Ensure.Success(LibvirtNative.virStoragePoolListAllVolumes(pool, out var volumes, 0));
        try
        {
            var list = new StorageVolumeHandle[count];
            for (var i = 0; i < count; i++) list[i] = new StorageVolumeHandle(volumes[i], Handle);
            return list;
        }
        finally
        {
            LibvirtNative.Free(volumes);
        }
    }

    public StorageVolumeHandle CreateVolume(StoragePoolHandle pool, string xml)
    {
        var volume = Ensure.Valid(LibvirtNative.virStorageVolCreateXML(pool, xml, 0));
        volume.KeepAlive(Handle);
        return volume;
    }

    public StorageVolumeHandle LookupVolume(StoragePoolHandle pool, string name)
    {
        var volume = Ensure.Valid(LibvirtNative.virStorageVolLookupByName(pool, name));
        volume.KeepAlive(Handle);
        return volume;
    }

    public static void DeleteVolume(StorageVolumeHandle volume) => Ensure.Success(LibvirtNative.virStorageVolDelete(volume, 0));

    public static string VolumeXml(StorageVolumeHandle volume) => Ensure.OwnedString(LibvirtNative.virStorageVolGetXMLDesc(volume, 0));

    /// <summary>One bulk-stats call; each record's typed parameters copied into managed values.</summary>
    public IReadOnlyList<(Guid Uuid, IReadOnlyDictionary<string, object> Values)> GetAllDomainStats()
    {
        Ensure.Success(LibvirtNative.virConnectGetAllDomainStats(Handle, Flags.StatsAll, out var records, Flags.GetAllDomainsStatsNoWait));
        using var list = new DomainStatsListHandle(records);
        var result = new List<(Guid, IReadOnlyDictionary<string, object>)>();
        for (var record = list.Records; *record != null; record++)
        {
            var values = new Dictionary<string, object>((*record)->ParamCount, StringComparer.Ordinal);
            for (var i = 0; i < (*record)->ParamCount; i++)
            {
                var parameter = &(*record)->Params[i];
                if (ReadValue(parameter) is { } value) values[FieldName(parameter)] = value;
            }
            result.Add((UuidOf((*record)->Domain), values));
        }
        return result;
    }

    private static string FieldName(VirTypedParameter* parameter)
    {
        var field = new ReadOnlySpan<byte>(parameter->Field, VirTypedParameter.FieldLength);
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }

    private static object? ReadValue(VirTypedParameter* p) => p->Type switch
    {
        TypedParameterType.Int => (long)p->Int,
        TypedParameterType.UInt => (ulong)p->UInt,
        TypedParameterType.LLong => p->LLong,
        TypedParameterType.ULLong => p->ULLong,
        TypedParameterType.Double => p->Double,
        TypedParameterType.Boolean => p->Boolean != 0,
        TypedParameterType.String => Marshal.PtrToStringUTF8((IntPtr)p->String),
        _ => null,
    };

    public void Dispose() => Handle.Dispose();
}
