using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Libvirt.Interop;

/// <summary>
/// Loads libvirt.so.0, silences libvirt's printing of errors to stderr (they come back as exceptions), and runs
/// the default event loop on a thread of its own. The loop must be registered before the first connection opens,
/// so every connection goes through <see cref="EnsureStarted"/>.
/// </summary>
internal static unsafe class LibvirtRuntime
{
    private static readonly string[] LibvirtNames = ["libvirt.so.0", "libvirt.so"];
    private static readonly string[] LibcNames = ["libc.so.6", "libc"];
    private static readonly Lazy<LibvirtException?> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

#pragma warning disable CA2255 // The resolver must be in place before any import of this assembly runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(LibvirtRuntime).Assembly, Resolve);

    public static bool IsLibraryPresent => TryLoad(LibvirtNames, out _);

    public static void EnsureStarted()
    {
        if (Started.Value is { } failure) throw failure;
    }

    private static LibvirtException? Start()
    {
        if (!IsLibraryPresent)
            return new LibvirtException(Flags.ErrNoSupport, 0, 2,
                "libvirt is not installed on this machine (libvirt.so.0 not found): apt-get install libvirt0.");
        if (LibvirtNative.virInitialize() < 0) return Ensure.LastError();
        LibvirtNative.virSetErrorFunc(IntPtr.Zero, &IgnoreError);
        if (LibvirtNative.virEventRegisterDefaultImpl() < 0) return Ensure.LastError();
        var loop = new Thread(RunEventLoop) { IsBackground = true, Name = "libvirt event loop" };
        loop.Start();
        return null;
    }

    private static void RunEventLoop()
    {
        while (true)
        {
            if (LibvirtNative.virEventRunDefaultImpl() < 0)
            {
                Ensure.Forget();
                Thread.Sleep(100); // never spin on a broken loop
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void IgnoreError(IntPtr userData, VirError* error) { }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        LibvirtNative.Library => TryLoad(LibvirtNames, out var handle) ? handle : IntPtr.Zero,
        "libc" => TryLoad(LibcNames, out var handle) ? handle : IntPtr.Zero,
        _ => IntPtr.Zero,
    };

    private static bool TryLoad(string[] names, out IntPtr handle)
    {
        foreach (var candidate in names)
        {
            if (NativeLibrary.TryLoad(candidate, out handle)) return true;
        }
        handle = IntPtr.Zero;
        return false;
    }
}
