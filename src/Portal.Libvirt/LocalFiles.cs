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
        return isBlock
            ? new StorageFile(canonical, 0, true)
            : new StorageFile(canonical, new FileInfo(canonical).Length, false, FormatOf(canonical));
    }

    private static ReadOnlySpan<byte> Qcow2Magic => [(byte)'Q', (byte)'F', (byte)'I', 0xfb];

    /// <summary>qcow2 images start with "QFI\xfb"; anything else is taken as raw, as QEMU would.</summary>
    private static DiskFormat? FormatOf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        try
        {
            using var file = File.OpenRead(path);
            return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual(Qcow2Magic) ? DiskFormat.Qcow2 : DiskFormat.Raw;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
