using Portal.Core.Hypervisor;

namespace Portal.Web.Features.Ops;

/// <summary>The bus, cache and io choices as the dialog offers them: libvirt's names and what each one means.</summary>
public static class DiskChoices
{
    public sealed record Choice<T>(T Value, string Name, string Meaning);

    public static readonly IReadOnlyList<Choice<DiskBus>> Buses =
    [
        new(DiskBus.Virtio, "virtio", "Paravirtual block device (vdX): the fastest; every current Linux has the driver."),
        new(DiskBus.Scsi, "scsi", "Disk on a virtio-scsi controller (sdX): many disks per VM, discard/TRIM, SCSI commands."),
        new(DiskBus.Sata, "sata", "Emulated AHCI disk (sdX): slowest; for guests without virtio drivers."),
    ];

    public static readonly IReadOnlyList<Choice<DiskFormat>> Formats =
    [
        new(DiskFormat.Raw, "raw", "The guest's blocks as they are: fastest, no snapshots in the file."),
        new(DiskFormat.Qcow2, "qcow2", "QEMU's copy-on-write format: thin, snapshots and backing files, a little slower."),
    ];

    public static readonly IReadOnlyList<Choice<DiskCache>> Caches =
    [
        new(DiskCache.None, "none", "Bypasses the host's page cache (O_DIRECT); guest flushes reach the disk. Recommended for production."),
        new(DiskCache.Writeback, "writeback", "Host cache for reads and writes; fast, and guest flushes are honoured."),
        new(DiskCache.Writethrough, "writethrough", "Host cache for reads; every write is synced before it completes. Safe, slow writes."),
        new(DiskCache.Directsync, "directsync", "O_DIRECT and every write synced: the safest and slowest."),
        new(DiskCache.Unsafe, "unsafe", "Guest flushes are ignored: a host crash loses data. Scratch disks only."),
        new(DiskCache.Default, "default", "Whatever the host's QEMU defaults to (writeback)."),
    ];

    public static readonly IReadOnlyList<Choice<DiskIo>> IoModes =
    [
        new(DiskIo.Native, "native", "Linux native AIO: least overhead, but only with direct I/O (cache none or directsync)."),
        new(DiskIo.Threads, "threads", "A pool of host threads does the I/O: works with every cache mode."),
        new(DiskIo.IoUring, "io_uring", "Linux io_uring: modern asynchronous I/O, works with every cache mode."),
        new(DiskIo.Default, "default", "Whatever the host's QEMU defaults to (threads)."),
    ];

    public static bool TryParse<T>(IReadOnlyList<Choice<T>> choices, string? name, out T value)
    {
        var choice = choices.FirstOrDefault(c => c.Name == name);
        value = choice is null ? default! : choice.Value;
        return choice is not null;
    }

    public static string NameOf<T>(IReadOnlyList<Choice<T>> choices, T value) =>
        choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, value))?.Name ?? value?.ToString() ?? "";
}
