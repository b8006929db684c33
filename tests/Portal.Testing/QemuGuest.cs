using System.Diagnostics;
using System.Xml.Linq;
using Portal.Libvirt.Xml;

namespace Portal.Testing;

/// <summary>
/// A tiny Linux guest (scripts/build-test-guest.sh) defined and started on the local libvirtd with virsh, under
/// software emulation. Ready when its serial console says so; gone (destroyed, undefined, files removed) on dispose.
/// Its images are files in the storage pool <see cref="PoolName"/> (<see cref="ImageDirectory"/>), put there as a
/// host's admin would; files meant to lie outside every pool go to <see cref="OutsideDirectory"/>.
/// </summary>
public sealed class QemuGuest : IAsyncDisposable
{
    public const string Uri = "qemu:///system";
    public const string ImageDirectory = "/var/lib/libvirt/images/portal-test";
    public const string OutsideDirectory = "/var/lib/libvirt/portal-test-outside";
    public const string NamePrefix = "portal-test-";

    /// <summary>What the guest prints at the end of each boot, once it answers the ACPI power button.</summary>
    public const string Ready = "PORTAL-GUEST-READY";

    /// <summary>What the guest prints when the power button is pressed, before it powers off.</summary>
    public const string PowerButton = "PORTAL-GUEST-POWER-BUTTON";

    /// <summary>Boot and device changes under TCG on two busy cores: generous on purpose.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The host side of an out-of-memory guest's tap: its service pings this address.</summary>
    public const string HostAddress = "10.99.0.1";

    private readonly OutOfMemory? _outOfMemory;

    private QemuGuest(string name, Guid uuid, string mac, IReadOnlyList<string> extraDisks, OutOfMemory? outOfMemory)
    {
        Name = name;
        Uuid = uuid;
        Mac = mac;
        _extraDisks = extraDisks;
        _outOfMemory = outOfMemory;
    }

    private readonly IReadOnlyList<string> _extraDisks;

    /// <summary>
    /// How the out-of-memory guest (scripts/build-test-guest.sh, initrd-oom.img) runs: calm for a while, then it fills
    /// a tmpfs of <paramref name="FillMiB"/> (beyond its RAM) and swaps to a disk the host throttles to
    /// <paramref name="SwapBytesPerSecond"/>.
    /// </summary>
    public sealed record OutOfMemory(int CalmSeconds, int FillMiB = 256, long SwapBytesPerSecond = 2 << 20);

    public string Name { get; }
    public Guid Uuid { get; }
    public string Mac { get; }
    public string ConsolePath => Path.Combine(ImageDirectory, Name + ".console");
    public const long MemoryKiB = 192 * 1024;
    public const long MaxMemoryKiB = 256 * 1024;

    public static Task<QemuGuest> BootAsync(string role) => BootAsync(role, null);

    /// <summary>The out-of-memory variant; ready (booted, its swap on) when its console says so, then calm, then filling.</summary>
    public static Task<QemuGuest> BootOutOfMemoryAsync(string role, OutOfMemory how) => BootAsync(role, how);

    private static async Task<QemuGuest> BootAsync(string role, OutOfMemory? outOfMemory)
    {
        var guest = await DefineAsync(role, outOfMemory, []);
        await Virsh("start", guest.Name);
        await guest.WaitForConsoleAsync(line => line == Ready);
        return guest;
    }

    /// <summary>
    /// A guest defined but not started (shut off), with <paramref name="extraDisks"/> (raw files) as vdb, vdc...: a VM
    /// that holds images without costing a boot.
    /// </summary>
    public static Task<QemuGuest> DefineAsync(string role, params string[] extraDisks) => DefineAsync(role, null, extraDisks);

    private static async Task<QemuGuest> DefineAsync(string role, OutOfMemory? outOfMemory, string[] extraDisks)
    {
        var kernelDirectory = Environment.GetEnvironmentVariable("PORTAL_TEST_GUEST");
        if (string.IsNullOrEmpty(kernelDirectory) || !File.Exists(Path.Combine(kernelDirectory, "vmlinuz")))
            throw new InvalidOperationException("PORTAL_TEST_GUEST is not set or holds no guest: run the tests with ./test.sh, which builds it.");

        await EnsureStoragePoolAsync();
        var uuid = Guid.NewGuid();
        var bytes = uuid.ToByteArray();
        var guest = new QemuGuest($"{NamePrefix}{role}-{uuid.ToString("N")[..8]}", uuid, $"52:54:00:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}", extraDisks, outOfMemory);
        if (outOfMemory is not null && !File.Exists(Path.Combine(kernelDirectory, OutOfMemoryInitrd)))
            throw new InvalidOperationException($"{OutOfMemoryInitrd} is missing in {kernelDirectory}: run scripts/build-test-guest.sh (./test.sh does), which builds it.");
        CreateImage(Path.Combine(ImageDirectory, guest.Name + "-root.raw"), "raw");
        if (outOfMemory is not null) CreateImage(guest.SwapPath, "raw", 256L << 20);
        var definition = Path.Combine(ImageDirectory, guest.Name + ".xml");
        await File.WriteAllTextAsync(definition, guest.DomainXml(kernelDirectory).ToString());
        await Virsh("define", definition);
        return guest;
    }

    /// <summary>
    /// The image directory as a (transient) libvirt storage pool, as the portal expects its storage locations to be.
    /// It lasts until libvirtd restarts; the next run makes it again.
    /// </summary>
    public static async Task EnsureStoragePoolAsync()
    {
        Directory.CreateDirectory(ImageDirectory);
        var pools = await Virsh("pool-list", "--name");
        if (!pools.Split('\n', StringSplitOptions.TrimEntries).Contains(PoolName))
            await Virsh("pool-create-as", PoolName, "dir", "--target", ImageDirectory);
    }

    public const string PoolName = "portal-test";

    /// <summary>Waits until a console line satisfies <paramref name="predicate"/>; returns that line.</summary>
    public async Task<string> WaitForConsoleAsync(Func<string, bool> predicate, int occurrence = 1)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            if (File.Exists(ConsolePath))
            {
                var matches = (await ReadConsoleAsync()).Where(predicate).ToList();
                if (matches.Count >= occurrence) return matches[occurrence - 1];
            }
            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var console = File.Exists(ConsolePath) ? string.Join('\n', (await ReadConsoleAsync()).TakeLast(20)) : "(no console output)";
                throw new TimeoutException($"Guest {Name} did not print the expected line within {Patience}. Last console lines:\n{console}");
            }
        }
    }

    /// <summary>The block devices the guest itself sees, from its latest PORTAL-BLOCKS report.</summary>
    public async Task<IReadOnlyList<string>> WaitForBlockDevicesAsync(Func<IReadOnlyList<string>, bool> predicate)
    {
        var line = await WaitForConsoleAsync(l => l.StartsWith("PORTAL-BLOCKS", StringComparison.Ordinal) && predicate(Blocks(l)) && IsLatestBlocks(l));
        return Blocks(line);
    }

    /// <summary>A qcow2 image at <paramref name="path"/> whose backing file is <paramref name="backingPath"/> (of <paramref name="backingFormat"/>).</summary>
    public static string CreateOverlay(string path, string backingPath, string backingFormat = "qcow2")
    {
        Run("qemu-img", "create", "-q", "-f", "qcow2", "-F", backingFormat, "-b", backingPath, path).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>A file outside every storage pool, named after <paramref name="owner"/> so that its dispose removes it.</summary>
    public static string CreateOutsideImage(string owner, string format)
    {
        Directory.CreateDirectory(OutsideDirectory);
        return CreateImage(Path.Combine(OutsideDirectory, $"{owner}-{Guid.NewGuid():N}.{format}"), format);
    }

    /// <summary>Pauses the guest's vCPUs (it answers nothing, the power button and unplug requests included) and resumes them.</summary>
    public Task SuspendAsync() => Virsh("suspend", Name);

    public Task ResumeAsync() => Virsh("resume", Name);

    public const string OutOfMemoryInitrd = "initrd-oom.img";

    private string SwapPath => Path.Combine(ImageDirectory, Name + "-swap.raw");

    public static string CreateImage(string path, string format, long bytes = 16L << 20)
    {
        if (format == "qcow2") Run("qemu-img", "create", "-q", "-f", "qcow2", path, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        else
        {
            using var file = File.Create(path);
            file.SetLength(bytes);
        }
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveAsync(Name);
        foreach (var directory in new[] { ImageDirectory, OutsideDirectory }.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(directory, Name + "*")) File.Delete(file);
    }

    /// <summary>Guests left behind by an interrupted run would hold memory and names; clear them first.</summary>
    public static async Task RemoveLeftoversAsync()
    {
        var names = (await Run("virsh", "-c", Uri, "list", "--all", "--name")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names.Where(n => n.StartsWith(NamePrefix, StringComparison.Ordinal))) await RemoveAsync(name);
    }

    private static async Task RemoveAsync(string name)
    {
        try { await Virsh("destroy", name); } catch (InvalidOperationException) { /* already off */ }
        try { await Virsh("undefine", name); } catch (InvalidOperationException) { /* already gone */ }
    }

    private XElement DomainXml(string kernelDirectory) =>
        new("domain", new XAttribute("type", "qemu"),
            new XElement("name", Name),
            new XElement("uuid", Uuid),
            new XElement("memory", new XAttribute("unit", "KiB"), MaxMemoryKiB),
            new XElement("currentMemory", new XAttribute("unit", "KiB"), MemoryKiB),
            new XElement("vcpu", 2),
            new XElement("metadata", new XElement(PortalMetadata.Ns + "vm", new XAttribute(XNamespace.Xmlns + "portal", PortalMetadata.Namespace),
                new XElement(PortalMetadata.Ns + "tenant", "acme"))),
            new XElement("os",
                new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "pc"), "hvm"),
                new XElement("kernel", Path.Combine(kernelDirectory, "vmlinuz")),
                new XElement("initrd", Path.Combine(kernelDirectory, _outOfMemory is null ? "initrd.img" : OutOfMemoryInitrd)),
                new XElement("cmdline", "console=ttyS0 panic=-1" + (_outOfMemory is { } oom
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" portal.calm={oom.CalmSeconds} portal.fill={oom.FillMiB}")
                    : ""))),
            // ACPI: PCI hot-plug needs it.
            new XElement("features", new XElement("acpi")),
            new XElement("on_poweroff", "destroy"),
            new XElement("devices",
                _extraDisks.Prepend(Path.Combine(ImageDirectory, Name + "-root.raw")).Select((source, i) =>
                    new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                        new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw")),
                        new XElement("source", new XAttribute("file", source)),
                        new XElement("target", new XAttribute("dev", $"vd{(char)('a' + i)}"), new XAttribute("bus", "virtio")))),
                _outOfMemory is { } swap
                    ? new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                        new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw"), new XAttribute("cache", "none")),
                        new XElement("source", new XAttribute("file", SwapPath)),
                        new XElement("target", new XAttribute("dev", $"vd{(char)('b' + _extraDisks.Count)}"), new XAttribute("bus", "virtio")),
                        // Swapping must hurt: the host lets the swap disk move only so much a second.
                        new XElement("iotune", new XElement("total_bytes_sec", swap.SwapBytesPerSecond)))
                    : null,
                new XElement("interface", new XAttribute("type", "ethernet"),
                    // The out-of-memory guest's service pings the host side of its tap, so it gets answers.
                    _outOfMemory is null ? null : new XElement("source", new XElement("ip", new XAttribute("address", HostAddress), new XAttribute("prefix", 24))),
                    new XElement("mac", new XAttribute("address", Mac)),
                    new XElement("model", new XAttribute("type", "virtio"))),
                new XElement("serial", new XAttribute("type", "file"),
                    new XElement("source", new XAttribute("path", ConsolePath), new XAttribute("append", "on")),
                    new XElement("target", new XAttribute("port", 0))),
                new XElement("memballoon", new XAttribute("model", "virtio"), new XElement("stats", new XAttribute("period", 1)))));

    /// <summary>The last lines the guest printed, for a failure message.</summary>
    public async Task<string> ConsoleTailAsync(int lines = 20) =>
        File.Exists(ConsolePath) ? string.Join('\n', (await ReadConsoleAsync()).TakeLast(lines)) : "(no console output)";

    private async Task<IReadOnlyList<string>> ReadConsoleAsync()
    {
        await using var stream = new FileStream(ConsolePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n').Select(l => l.Trim('\r', ' ')).ToList();
    }

    private bool IsLatestBlocks(string line)
    {
        var all = File.ReadAllLines(ConsolePath).Select(l => l.Trim('\r', ' ')).Where(l => l.StartsWith("PORTAL-BLOCKS", StringComparison.Ordinal));
        return all.LastOrDefault() == line;
    }

    private static string[] Blocks(string line) => line["PORTAL-BLOCKS".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Task<string> Virsh(params string[] args) => Run("virsh", ["-c", Uri, .. args]);

    private static async Task<string> Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {(await error).Trim()}");
        return await output;
    }
}
