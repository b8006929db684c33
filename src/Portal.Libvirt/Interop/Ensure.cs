using System.Runtime.InteropServices;

namespace Portal.Libvirt.Interop;

/// <summary>
/// The one place where libvirt's return conventions become exceptions. libvirt's last error is thread-local, so
/// these run on the thread of the failed call, right after it, with nothing awaited in between.
/// </summary>
internal static unsafe class Ensure
{
    public static int Success(int result) => result >= 0 ? result : throw LastError();

    public static T Valid<T>(T handle) where T : SafeHandle
    {
        if (!handle.IsInvalid) return handle;
        var error = LastError();
        handle.Dispose();
        throw error;
    }

    /// <summary>Reads and frees a string libvirt allocated for the caller.</summary>
    public static string OwnedString(IntPtr text)
    {
        if (text == IntPtr.Zero) throw LastError();
        try
        {
            return Marshal.PtrToStringUTF8(text)!;
        }
        finally
        {
            LibvirtNative.Free((void*)text);
        }
    }

    public static LibvirtException LastError()
    {
        var error = LibvirtNative.virGetLastError();
        if (error is null)
            return new LibvirtException(Flags.ErrInternal, 0, 2, "libvirt reported a failure but gave no error.");
        var exception = new LibvirtException(error->Code, error->Domain, error->Level,
            Marshal.PtrToStringUTF8((IntPtr)error->Message) ?? $"libvirt error {error->Code}");
        LibvirtNative.virResetLastError();
        return exception;
    }

    /// <summary>Forgets an expected failure (e.g. keepalive on a driver without it) so it is not reported later.</summary>
    public static void Forget() => LibvirtNative.virResetLastError();
}
