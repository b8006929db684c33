using Portal.Core.Hypervisor;

namespace Portal.Libvirt.Xml;

/// <summary>The port's disk enums as libvirt spells them in &lt;driver&gt;, both ways.</summary>
internal static class DriverNames
{
    public static string Of(DiskFormat format) => format == DiskFormat.Qcow2 ? "qcow2" : "raw";

    public static string? Of(DiskCache cache) => cache switch
    {
        DiskCache.None => "none",
        DiskCache.Writethrough => "writethrough",
        DiskCache.Writeback => "writeback",
        DiskCache.Directsync => "directsync",
        DiskCache.Unsafe => "unsafe",
        _ => null,
    };

    public static string? Of(DiskIo io) => io switch
    {
        DiskIo.Threads => "threads",
        DiskIo.Native => "native",
        DiskIo.IoUring => "io_uring",
        _ => null,
    };

    public static string Of(DiskBus bus) => bus.ToString().ToLowerInvariant();

    public static DiskFormat Format(string? type) => type == "qcow2" ? DiskFormat.Qcow2 : DiskFormat.Raw;

    public static DiskCache Cache(string? cache) => cache switch
    {
        "none" => DiskCache.None,
        "writethrough" => DiskCache.Writethrough,
        "writeback" => DiskCache.Writeback,
        "directsync" => DiskCache.Directsync,
        "unsafe" => DiskCache.Unsafe,
        _ => DiskCache.Default,
    };

    public static DiskIo Io(string? io) => io switch
    {
        "threads" => DiskIo.Threads,
        "native" => DiskIo.Native,
        "io_uring" => DiskIo.IoUring,
        _ => DiskIo.Default,
    };
}
