using System.Runtime.InteropServices;
using Portal.Core.Hypervisor;
using Portal.Libvirt.Interop;

namespace Portal.Libvirt;

/// <summary>Files as a host on this machine sees them (qemu:///system, qemu:///session, test:///...).</summary>
internal static unsafe class LocalFiles
{
    public static bool IsLocal(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Host.Length == 0;

    public static StorageFile? Inspect(string path)
    {
        var resolved = LibvirtNative.RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        string canonical;
        try
        {
            canonical = Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            LibvirtNative.Free((void*)resolved);
        }
        var isBlock = canonical.StartsWith("/dev/", StringComparison.Ordinal);
        if (!isBlock && !File.Exists(canonical)) return null; // a directory is not a disk image
        return new StorageFile(canonical, isBlock ? 0 : new FileInfo(canonical).Length, isBlock);
    }
}
