using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt;

/// <summary>
/// Hands one connection's events to its subscribers in the order the host sent them, on a thread of its own rather
/// than libvirt's event loop (which must never wait on the host), with each device named as the portal names it: a
/// disk by its target, a NIC by its MAC, where libvirt reports only its alias (<c>virtio-disk1</c>). The names come
/// from the live definitions the connection reads; a device added since the last read is looked up once more.
/// One reboot is one event: QEMU resets a guest several times in a row when it reboots (measured on this
/// project's test guest: three reboot events within 60 ms), so resets close after one are left out.
/// </summary>
internal sealed partial class EventRelay : IAsyncDisposable
{
    private readonly Channel<DomainEvent> _queue = Channel.CreateUnbounded<DomainEvent>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Per domain, alias to name. Names are added and updated, never dropped while the domain exists: a removal's
    /// event may come after a read that no longer shows the device.</summary>
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, string>> _names = new();
    private readonly Func<Guid, Task> _readNames;
    private readonly Action<DomainEvent> _deliver;
    private readonly ILogger _logger;
    private readonly Task _pump;

    /// <summary>Resets of one domain closer together than this are one reboot: no guest boots that fast.</summary>
    internal static readonly TimeSpan OneReboot = TimeSpan.FromSeconds(5);

    /// <summary>The latest reset of each domain (the pump's own: one thread).</summary>
    private readonly Dictionary<Guid, DateTime> _lastReset = [];

    /// <param name="readNames">Reads the domain's live definition again (which passes its names to <see cref="Remember"/>).</param>
    /// <param name="deliver">Raises the event to the connection's subscribers.</param>
    public EventRelay(Func<Guid, Task> readNames, Action<DomainEvent> deliver, ILogger logger)
    {
        _readNames = readNames;
        _deliver = deliver;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues an event; called on libvirt's event-loop thread, so it never blocks.</summary>
    public void Post(DomainEvent e) => _queue.Writer.TryWrite(e);

    /// <summary>The device names of a live definition just read.</summary>
    public void Remember(Guid uuid, IReadOnlyDictionary<string, string> names)
    {
        if (names.Count == 0) return;
        var known = _names.GetOrAdd(uuid, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        foreach (var (alias, name) in names) known[alias] = name;
    }

    private async Task PumpAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (e.Kind == DomainEventKind.Rebooted && !IsNewReboot(e)) continue;
            var named = e;
            try
            {
                if (e.Device is { } alias && e.Kind is DomainEventKind.DeviceAdded or DomainEventKind.DeviceRemoved or DomainEventKind.DeviceRemovalFailed)
                {
                    if (NameOf(e.Uuid, alias) is null && e.Kind == DomainEventKind.DeviceAdded) await _readNames(e.Uuid).ConfigureAwait(false);
                    named = e with { Device = NameOf(e.Uuid, alias) ?? alias };
                }
                if (e.Kind == DomainEventKind.Undefined) _names.TryRemove(e.Uuid, out _);
            }
            catch (Exception error)
            {
                // The host could not be read: the event goes out with libvirt's alias rather than not at all.
                LogNotNamed(_logger, e.Device, e.Uuid, error.Message);
            }
            try
            {
                _deliver(named);
            }
            catch (Exception error)
            {
                LogSubscriberFailed(_logger, error);
            }
        }
    }

    private bool IsNewReboot(DomainEvent e)
    {
        var isNew = !_lastReset.TryGetValue(e.Uuid, out var last) || e.TimeUtc - last >= OneReboot;
        _lastReset[e.Uuid] = e.TimeUtc;
        return isNew;
    }

    private string? NameOf(Guid uuid, string alias) =>
        _names.TryGetValue(uuid, out var known) && known.TryGetValue(alias, out var name) ? name : null;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not name device {Alias} of domain {Uuid} for its event: {Error}")]
    private static partial void LogNotNamed(ILogger logger, string? alias, Guid uuid, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to a host's events failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
