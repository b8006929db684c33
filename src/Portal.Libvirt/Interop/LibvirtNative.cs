using System.Runtime.InteropServices;

namespace Portal.Libvirt.Interop;

/// <summary>
/// The raw imports of libvirt.so.0, named as in C. Nothing here checks results: callers go through
/// <see cref="Ensure"/>, which turns libvirt's return conventions and last error into <see cref="LibvirtException"/>.
/// Pointers returned here never leave the Interop namespace.
/// </summary>
internal static unsafe partial class LibvirtNative
{
    public const string Library = "libvirt";

    // virConnect*
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial ConnectionHandle virConnectOpen(string? name);

    [LibraryImport(Library)]
    public static partial int virConnectClose(IntPtr conn);

    [LibraryImport(Library)]
    public static partial int virConnectSetKeepAlive(ConnectionHandle conn, int interval, uint count);

    [LibraryImport(Library)]
    public static partial int virConnectIsAlive(ConnectionHandle conn);

    [LibraryImport(Library)]
    public static partial int virConnectListAllDomains(ConnectionHandle conn, out IntPtr* domains, uint flags);

    [LibraryImport(Library)]
    public static partial int virConnectGetAllDomainStats(ConnectionHandle conn, uint stats, out IntPtr* records, uint flags);

    [LibraryImport(Library)]
    public static partial void virDomainStatsRecordListFree(IntPtr records);

    [LibraryImport(Library)]
    public static partial int virConnectRegisterCloseCallback(ConnectionHandle conn,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, void> callback, IntPtr opaque, IntPtr freeCallback);

    [LibraryImport(Library)]
    public static partial int virConnectUnregisterCloseCallback(ConnectionHandle conn,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, void> callback);

    [LibraryImport(Library)]
    public static partial int virConnectDomainEventRegisterAny(ConnectionHandle conn, IntPtr dom, int eventId,
        IntPtr callback, IntPtr opaque, IntPtr freeCallback);

    [LibraryImport(Library)]
    public static partial int virConnectDomainEventDeregisterAny(ConnectionHandle conn, int callbackId);

    // virDomain*
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial DomainHandle virDomainLookupByUUIDString(ConnectionHandle conn, string uuid);

    [LibraryImport(Library)]
    public static partial int virDomainFree(IntPtr domain);

    [LibraryImport(Library)]
    public static partial int virDomainGetUUIDString(IntPtr domain, byte* buffer);

    [LibraryImport(Library)]
    public static partial IntPtr virDomainGetXMLDesc(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int virDomainAttachDeviceFlags(DomainHandle domain, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int virDomainDetachDeviceFlags(DomainHandle domain, string xml, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainSetMemoryFlags(DomainHandle domain, CULong memoryKiB, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Library)]
    public static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Library)]
    public static partial int virDomainReboot(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    public static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Library)]
    public static partial int virDomainIsActive(DomainHandle domain);

    [LibraryImport(Library)]
    public static partial int virDomainIsPersistent(DomainHandle domain);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int virDomainSetMetadata(DomainHandle domain, int type, string? metadata, string? key, string uri, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int virDomainGetBlockInfo(DomainHandle domain, string disk, out VirDomainBlockInfo info, uint flags);

    // virStoragePool* and virStorageVol*: images live in the host's storage pools, addressed by pool and volume name
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial StoragePoolHandle virStoragePoolLookupByName(ConnectionHandle conn, string name);

    [LibraryImport(Library)]
    public static partial int virStoragePoolFree(IntPtr pool);

    [LibraryImport(Library)]
    public static partial int virStoragePoolIsActive(StoragePoolHandle pool);

    [LibraryImport(Library)]
    public static partial IntPtr virStoragePoolGetXMLDesc(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    public static partial int virStoragePoolRefresh(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    public static partial int virStoragePoolListAllVolumes(StoragePoolHandle pool, out IntPtr* volumes, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial StorageVolumeHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial StorageVolumeHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);

    [LibraryImport(Library)]
    public static partial int virStorageVolFree(IntPtr volume);

    [LibraryImport(Library)]
    public static partial int virStorageVolDelete(StorageVolumeHandle volume, uint flags);

    [LibraryImport(Library)]
    public static partial IntPtr virStorageVolGetXMLDesc(StorageVolumeHandle volume, uint flags);

    // Errors and the event loop
    [LibraryImport(Library)]
    public static partial VirError* virGetLastError();

    [LibraryImport(Library)]
    public static partial void virResetLastError();

    [LibraryImport(Library)]
    public static partial void virSetErrorFunc(IntPtr userData, delegate* unmanaged[Cdecl]<IntPtr, VirError*, void> handler);

    [LibraryImport(Library)]
    public static partial int virInitialize();

    [LibraryImport(Library)]
    public static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Library)]
    public static partial int virEventRunDefaultImpl();

    // libc: strings and arrays libvirt allocated are ours to free.
    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(void* pointer);
}
