using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Tenancy;

namespace Portal.Simulator;

/// <summary>
/// A host of simulated domains behind the hypervisor port. It keeps QEMU's rules: a live memory change stops at
/// the maximum, io=native needs direct I/O, a target is unique, detach completes later and is confirmed by an
/// event, shutdown and reboot wait for the guest to answer the power button, counters reset when a domain restarts.
/// Its one storage pool lists images as libvirt's directory pools do (format and backing file as the image header
/// says). Tenant assignments outlive the process when
/// <see cref="SimulatorOptions.StateDirectory"/> is set.
/// </summary>
public sealed class SimulatedHost : IHypervisorConnection
{
    private static readonly TimeSpan StepForCounters = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<Guid, SimulatedDomain> _domains;
    /// <summary>Every image file on the host by path; those in <see cref="SimulatorOptions.ImageDirectory"/> are the pool's volumes.</summary>
    private readonly Dictionary<string, StorageVolume> _images = new(StringComparer.Ordinal);
    /// <summary>The tenants set through the port (null: tag removed), which override the fleet's; what the state file holds.</summary>
    private readonly Dictionary<Guid, string?> _assignedTenants = [];
    private readonly HostStateFile? _state;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private bool _disposed;

    public SimulatedHost(string uri, IEnumerable<SimulatedVm> vms, SimulatorOptions options, TimeProvider time)
    {
        Uri = uri;
        _options = options;
        _time = time;
        var now = time.GetUtcNow().UtcDateTime;
        _domains = vms.ToDictionary(v => v.Uuid, v => new SimulatedDomain(v, now));
        if (options.StateDirectory is not null)
        {
            _state = HostStateFile.For(options.StateDirectory, uri);
            // Assignments to domains this host does not have (any more) are dropped with the next save.
            foreach (var (uuid, tenant) in _state.Load())
            {
                if (!_domains.TryGetValue(uuid, out var domain)) continue;
                domain.Tenant = tenant;
                _assignedTenants[uuid] = tenant;
            }
        }
        foreach (var disk in _domains.Values.SelectMany(d => d.ConfigDisks))
            Put(disk.Source, disk.Format, disk.CapacityBytes ?? 0, null);
        var hostName = new Uri(uri).Host;
        for (var i = 1; i <= options.SpareImagesPerHost; i++)
        {
            var format = i % 2 == 0 ? DiskFormat.Qcow2 : DiskFormat.Raw;
            Put($"{PoolDirectory}/{hostName}-spare-{i:00}.{DiskFormats.Name(format)}", format, (10L * i) << 30, null);
        }
        if (options.OverlayOutsidePool)
            Put($"{PoolDirectory}/{hostName}-overlay-01.qcow2", DiskFormat.Qcow2, 20L << 30, new BackingStore("/srv/golden/debian-12.qcow2", "qcow2"));
    }

    private string PoolDirectory => StoragePaths.Normalize(_options.ImageDirectory) ?? _options.ImageDirectory;

    /// <summary>
    /// Puts an image file on the simulated host, as an operator copying one in would (or a guest writing a qcow2 header
    /// naming <paramref name="backing"/>): the pool lists it at its next refresh when it is in the pool's directory.
    /// </summary>
    public void AddImage(string path, long sizeBytes, DiskFormat format = DiskFormat.Raw, BackingStore? backing = null)
    {
        if (StoragePaths.Normalize(path) is null) throw new ArgumentException("Not an absolute path.", nameof(path));
        lock (_gate) Put(path, format, sizeBytes, backing);
    }

    private void Put(string path, DiskFormat format, long sizeBytes, BackingStore? backing)
    {
        var normalized = StoragePaths.Normalize(path) ?? path;
        var inPool = Path.GetDirectoryName(normalized) == PoolDirectory;
        _images[normalized] = new StorageVolume(inPool ? _options.PoolName : "", Path.GetFileName(normalized), normalized, VolumeKind.File,
            DiskFormats.Name(format), sizeBytes, backing);
    }

    public Task<StoragePoolContents> ListVolumesAsync(string pool, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var description = Pool(pool);
            IReadOnlyList<StorageVolume> volumes = _images.Values
                .Where(v => v.Pool == description.Name)
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .ToArray();
            return Task.FromResult(new StoragePoolContents(description, volumes));
        }
    }

    public Task<StorageVolume> CreateVolumeAsync(string pool, string name, DiskFormat format, long capacityBytes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var description = Pool(pool);
            if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..") throw SimulatedErrors.Invalid($"volume name '{name}' is not a file name");
            if (capacityBytes <= 0) throw SimulatedErrors.Invalid("volume capacity must be positive");
            var path = $"{description.TargetPath}/{name}";
            if (_images.ContainsKey(path)) throw SimulatedErrors.VolumeExists(name);
            Put(path, format, capacityBytes, null);
            return Task.FromResult(_images[path]);
        }
    }

    public Task DeleteVolumeAsync(string pool, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var description = Pool(pool);
            if (!_images.Remove($"{description.TargetPath}/{name}")) throw SimulatedErrors.NoSuchVolume(name);
            return Task.CompletedTask;
        }
    }

    private StoragePool Pool(string name)
    {
        EnsureOpen();
        return name == _options.PoolName ? new StoragePool(name, "dir", PoolDirectory) : throw SimulatedErrors.NoSuchPool(name);
    }

    public string Uri { get; }

    public event Action<DomainEvent>? EventReceived;

    public Task<IReadOnlyList<DomainDescription>> ListDomainsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            EnsureOpen();
            IReadOnlyList<DomainDescription> list = _domains.Values.Select(d => d.Describe()).ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<DomainDescription> GetDomainAsync(Guid uuid, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var d = Find(uuid);
            return Task.FromResult(d.Describe());
        }
    }

    public Task<StatsSweep> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            EnsureOpen();
            var now = Now();
            var stats = new List<DomainStats>(_domains.Count);
            foreach (var d in _domains.Values)
            {
                if (d.State == VmState.Running) AdvanceCounters(d, now);
                stats.Add(Snapshot(d));
            }
            return Task.FromResult(new StatsSweep(now, stats));
        }
    }

    public Task<DomainDisk> AttachDiskAsync(Guid uuid, DiskSpec disk, ChangeScope scope, CancellationToken cancellationToken = default)
    {
        DomainDisk attached;
        lock (_gate)
        {
            var d = Find(uuid);
            var live = scope != ChangeScope.PersistentOnly && d.IsActive;
            if (scope == ChangeScope.LiveOnly && !d.IsActive) throw SimulatedErrors.NotRunning();
            if (!DiskRules.IoAllowedWithCache(disk.Io, disk.Cache)) throw SimulatedErrors.NativeNeedsDirect();
            var inUse = (live ? d.LiveDisks : d.ConfigDisks).Select(x => x.Target);
            if (inUse.Contains(disk.Target, StringComparer.Ordinal)) throw SimulatedErrors.TargetExists(disk.Target);
            var errors = DiskRules.Validate(disk, []);
            if (errors.Count > 0) throw SimulatedErrors.Invalid(errors[0].Message);
            // QEMU opens the source as it attaches it: a file that is not there is its error.
            var image = _images.GetValueOrDefault(StoragePaths.Normalize(disk.Source) ?? disk.Source) ?? throw SimulatedErrors.NoSuchFile(disk.Source);

            attached = new DomainDisk(disk.Target, disk.Source, disk.Bus, disk.Format, disk.Cache, disk.Io,
                disk.ReadOnly, string.IsNullOrEmpty(disk.Serial) ? null : disk.Serial, image.CapacityBytes);
            if (live) d.LiveDisks.Add(attached);
            if (scope != ChangeScope.LiveOnly) d.ConfigDisks.Add(attached);
        }
        if (scope != ChangeScope.PersistentOnly) Raise(new DomainEvent(uuid, Now(), DomainEventKind.DeviceAdded, disk.Target));
        return Task.FromResult(attached);
    }

    public async Task<DetachResult> DetachDiskAsync(Guid uuid, string target, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var removed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(DomainEvent e)
        {
            if (e.Uuid == uuid && e.Device == target && e.Kind is DomainEventKind.DeviceRemoved or DomainEventKind.DeviceRemovalFailed)
                removed.TrySetResult(e.Kind == DomainEventKind.DeviceRemoved);
        }

        bool liveRequested;
        lock (_gate)
        {
            var d = Find(uuid);
            var inLive = d.IsActive && d.LiveDisks.Exists(x => x.Target == target);
            var inConfig = d.ConfigDisks.Exists(x => x.Target == target);
            if (!inLive && !inConfig) throw SimulatedErrors.NoSuchDisk(target);
            d.ConfigDisks.RemoveAll(x => x.Target == target);
            liveRequested = inLive;
            if (inLive)
            {
                d.DetachPending.Add(target);
                if (!d.GuestIgnoresUnplug) _ = CompleteUnplugLaterAsync(d, target);
            }
        }
        if (!liveRequested) return new DetachResult(DetachOutcome.Removed, null);

        EventReceived += OnEvent;
        try
        {
            lock (_gate)
            {
                // The guest may have released the device before we subscribed.
                if (!_domains[uuid].LiveDisks.Exists(x => x.Target == target)) return new DetachResult(DetachOutcome.Removed, null);
            }
            var confirmed = await removed.Task.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
            return confirmed
                ? new DetachResult(DetachOutcome.Removed, null)
                : new DetachResult(DetachOutcome.Failed, "The guest refused to release the device.");
        }
        catch (TimeoutException)
        {
            return new DetachResult(DetachOutcome.PendingInGuest, "The host asked the guest to release the disk; the guest has not done so yet.");
        }
        finally
        {
            EventReceived -= OnEvent;
        }
    }

    public Task<MemoryChangeResult> SetMemoryAsync(Guid uuid, long memoryKiB, CancellationToken cancellationToken = default)
    {
        MemoryChangeResult result;
        lock (_gate)
        {
            var d = Find(uuid);
            if (memoryKiB <= 0) throw SimulatedErrors.Invalid("memory must be positive");
            var max = d.IsActive ? d.MaxMemoryKiB : d.ConfigMaxMemoryKiB;
            if (memoryKiB > max) return Task.FromResult(new MemoryChangeResult(MemoryChangeOutcome.NeedsRestart, d.MemoryKiB, max));
            if (d.IsActive) d.MemoryKiB = memoryKiB;
            d.ConfigMemoryKiB = memoryKiB;
            result = new MemoryChangeResult(MemoryChangeOutcome.AppliedLive, memoryKiB, max);
        }
        Raise(new DomainEvent(uuid, Now(), DomainEventKind.BalloonChanged, BalloonKiB: memoryKiB));
        return Task.FromResult(result);
    }

    public Task SetMemoryConfigAsync(Guid uuid, long maxMemoryKiB, long memoryKiB, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var d = Find(uuid);
            if (memoryKiB > maxMemoryKiB) throw SimulatedErrors.AboveMax();
            d.ConfigMaxMemoryKiB = maxMemoryKiB;
            d.ConfigMemoryKiB = memoryKiB;
        }
        return Task.CompletedTask;
    }

    /// <summary>The tag changes live and persistent alike; with a state directory it is saved before it applies.</summary>
    public Task SetTenantAsync(Guid uuid, string? tenantSlug, CancellationToken cancellationToken = default)
    {
        if (tenantSlug is not null && !TenantSlug.IsValid(tenantSlug))
            throw SimulatedErrors.Invalid($"'{tenantSlug}' is not a valid tenant slug (lowercase letters, digits and dashes)");
        lock (_gate)
        {
            var d = Find(uuid);
            _state?.Save(new Dictionary<Guid, string?>(_assignedTenants) { [uuid] = tenantSlug });
            _assignedTenants[uuid] = tenantSlug;
            d.Tenant = tenantSlug;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// As libvirt's QEMU driver does it: a start and a forced stop act at once (Started, Stopped "destroyed"); a
    /// shutdown or reboot presses the ACPI power button, which the guest answers after
    /// <see cref="SimulatorOptions.PowerButtonDelay"/> (Shutdown then Stopped "shutdown"; for a reboot, the guest's
    /// reset alone, in the same process) unless it ignores the button.
    /// </summary>
    public Task PowerAsync(Guid uuid, PowerAction action, CancellationToken cancellationToken = default)
    {
        SimulatedDomain d;
        int boot;
        lock (_gate)
        {
            d = Find(uuid);
            boot = d.Boots;
            switch (action)
            {
                case PowerAction.Start:
                    if (d.IsActive) throw SimulatedErrors.AlreadyRunning();
                    d.Boot(Now());
                    break;
                case PowerAction.Destroy:
                    if (!d.IsActive) throw SimulatedErrors.NotRunning();
                    d.PowerOff();
                    break;
                case PowerAction.Shutdown or PowerAction.Reboot:
                    if (!d.IsActive) throw SimulatedErrors.NotRunning();
                    break;
                default:
                    throw SimulatedErrors.Invalid($"unknown power action {action}");
            }
        }
        if (action == PowerAction.Start) Raise(new DomainEvent(uuid, Now(), DomainEventKind.Started, Detail: LifecycleDetail.Booted));
        else if (action == PowerAction.Destroy) Raise(new DomainEvent(uuid, Now(), DomainEventKind.Stopped, Detail: LifecycleDetail.Destroyed));
        else if (_options.PowerButtonDelay <= TimeSpan.Zero) AnswerPowerButton(d, boot, action);
        else _ = AnswerPowerButtonLaterAsync(d, boot, action);
        return Task.CompletedTask;
    }

    /// <summary>Clean shutdown, forced off after <paramref name="gracePeriod"/> if the guest has not stopped, then start.</summary>
    public async Task PowerCycleAsync(Guid uuid, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        bool active;
        lock (_gate) active = Find(uuid).IsActive;
        if (active)
        {
            using var stopped = new DomainEventWatch(this, e => e.Uuid == uuid && e.Kind == DomainEventKind.Stopped);
            await PowerAsync(uuid, PowerAction.Shutdown, cancellationToken).ConfigureAwait(false);
            if (await stopped.WaitAsync(gracePeriod, _time, cancellationToken).ConfigureAwait(false) is null)
            {
                bool stillActive;
                lock (_gate) stillActive = Find(uuid).IsActive;
                if (stillActive) await PowerAsync(uuid, PowerAction.Destroy, cancellationToken).ConfigureAwait(false);
            }
        }
        await PowerAsync(uuid, PowerAction.Start, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a domain's guest ignore unplug requests, as a hung guest would; one that recovers releases what it was asked to.</summary>
    public void SetGuestIgnoresUnplug(Guid uuid, bool ignores)
    {
        List<string> release;
        SimulatedDomain d;
        lock (_gate)
        {
            d = Find(uuid);
            d.GuestIgnoresUnplug = ignores;
            release = ignores ? [] : [.. d.DetachPending];
        }
        foreach (var target in release) _ = CompleteUnplugLaterAsync(d, target);
    }

    /// <summary>Makes a domain's guest ignore the ACPI power button (shutdown and reboot), as a guest without acpid would.</summary>
    public void SetGuestIgnoresPowerButton(Guid uuid, bool ignores)
    {
        lock (_gate) Find(uuid).GuestIgnoresPowerButton = ignores;
    }

    private async Task AnswerPowerButtonLaterAsync(SimulatedDomain d, int boot, PowerAction action)
    {
        await Task.Delay(_options.PowerButtonDelay, _time).ConfigureAwait(false);
        AnswerPowerButton(d, boot, action);
    }

    /// <summary>The guest's answer to the power button, if it is still the same boot, running, and listening.</summary>
    private void AnswerPowerButton(SimulatedDomain d, int boot, PowerAction action)
    {
        lock (_gate)
        {
            if (_disposed || d.Boots != boot || d.State != VmState.Running || d.GuestIgnoresPowerButton) return;
            if (action == PowerAction.Reboot) d.RestartGuest(Now());
            else d.PowerOff();
        }
        if (action == PowerAction.Reboot)
        {
            Raise(new DomainEvent(d.Vm.Uuid, Now(), DomainEventKind.Rebooted));
            return;
        }
        Raise(new DomainEvent(d.Vm.Uuid, Now(), DomainEventKind.Shutdown, Detail: LifecycleDetail.ByGuest));
        Raise(new DomainEvent(d.Vm.Uuid, Now(), DomainEventKind.Stopped, Detail: LifecycleDetail.ShutDown));
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate) _disposed = true;
        return ValueTask.CompletedTask;
    }

    private async Task CompleteUnplugLaterAsync(SimulatedDomain d, string target)
    {
        await Task.Delay(_options.UnplugDelay, _time).ConfigureAwait(false);
        lock (_gate)
        {
            if (!d.DetachPending.Remove(target)) return;
            d.LiveDisks.RemoveAll(x => x.Target == target);
            d.Counters.Forget(target);
        }
        Raise(new DomainEvent(d.Vm.Uuid, Now(), DomainEventKind.DeviceRemoved, target));
    }

    private static void AdvanceCounters(SimulatedDomain d, DateTime now)
    {
        while (d.LastAdvancedUtc < now)
        {
            var step = now - d.LastAdvancedUtc < StepForCounters ? now - d.LastAdvancedUtc : StepForCounters;
            var load = Workload.At(d.Vm, d.LastAdvancedUtc + step / 2);
            d.Counters.Advance(load, step.TotalSeconds, d.LiveDisks);
            d.LastAdvancedUtc += step;
        }
    }

    private static DomainStats Snapshot(SimulatedDomain d)
    {
        if (d.State != VmState.Running)
            return new DomainStats(d.Vm.Uuid, d.State, null, [], null, [], []);

        var c = d.Counters;
        var vcpus = Enumerable.Range(0, d.Vm.Vcpus)
            .Select(i => new VcpuCounters(i, (ulong)c.VcpuTimeNs[i], (ulong)c.VcpuWaitNs[i], (ulong)c.VcpuDelayNs[i]))
            .ToArray();
        var cpuTotal = (ulong)(c.VcpuTimeNs.Sum() + c.CpuOverheadNs);
        var unused = d.MemoryKiB - (long)Math.Min(d.MemoryKiB, d.Vm.WorkingSet * c.MemoryUsedFraction);
        var balloon = new BalloonCounters(d.MemoryKiB, d.MaxMemoryKiB, (ulong)c.SwapInKiB, (ulong)c.SwapOutKiB,
            (ulong)c.MajorFaults, (ulong)c.MinorFaults, unused, d.MemoryKiB, unused + d.MemoryKiB / 10,
            Math.Min(d.MemoryKiB, d.MemoryKiB - unused + d.MemoryKiB / 12));
        var packetsRx = (ulong)(c.RxBytes / LoadSample.BytesPerPacket);
        var packetsTx = (ulong)(c.TxBytes / LoadSample.BytesPerPacket);
        var net = new NetCounters(d.TapDevice, (ulong)c.RxBytes, packetsRx, 0, 0, (ulong)c.TxBytes, packetsTx, 0, 0);
        var blocks = d.LiveDisks.Select(disk =>
        {
            var b = c.Block(disk.Target);
            return new BlockCounters(disk.Target, (ulong)b[0], (ulong)b[1], (ulong)b[2], (ulong)b[3], (ulong)b[4], (ulong)b[5]);
        }).ToArray();
        return new DomainStats(d.Vm.Uuid, d.State, new CpuCounters(cpuTotal, cpuTotal / 10, cpuTotal / 20), vcpus, balloon, [net], blocks);
    }

    private SimulatedDomain Find(Guid uuid)
    {
        EnsureOpen();
        return _domains.TryGetValue(uuid, out var d) ? d : throw SimulatedErrors.NoSuchDomain(uuid);
    }

    private void EnsureOpen()
    {
        if (_disposed) throw SimulatedErrors.HostDown(Uri);
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private void Raise(DomainEvent e) => EventReceived?.Invoke(e);
}
