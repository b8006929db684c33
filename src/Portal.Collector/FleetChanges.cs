using Microsoft.Extensions.Logging;

namespace Portal.Collector;

/// <summary>What changed in the fleet: samples written by a sweep, a VM's record and events, or who owns VMs.</summary>
public enum FleetChangeKind
{
    /// <summary>A round of sweeps ended: new samples for these VMs (inventory synced), and the hosts' state (seen or failing).</summary>
    Samples,
    /// <summary>A VM's record or events changed outside a sweep: a host event, or a change made through the portal.</summary>
    Vm,
    /// <summary>These VMs changed hands (assigned to another tenant): lists that did not show them may have to now.</summary>
    Ownership,
}

public sealed record FleetChange(FleetChangeKind Kind, IReadOnlyCollection<int> VmIds)
{
    public bool Concerns(int vmId) => VmIds.Contains(vmId);
}

/// <summary>
/// In-process notifications from the collector and the ops services to open pages, so that they update themselves
/// without polling. Subscribers are called on the publisher's thread: they must hand work off (a component calls
/// <c>InvokeAsync</c>) and must not throw. A collector in another process does not reach these pages.
/// </summary>
public sealed partial class FleetChanges(ILogger<FleetChanges> logger)
{
    private readonly Lock _gate = new();
    private Action<FleetChange>[] _subscribers = [];

    public IDisposable Subscribe(Action<FleetChange> subscriber)
    {
        lock (_gate) _subscribers = [.. _subscribers, subscriber];
        return new Subscription(this, subscriber);
    }

    /// <summary>Tells every subscriber; one that throws is logged and never stops the publisher or the others.</summary>
    public void Publish(FleetChange change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(change);
            }
            catch (Exception e)
            {
                LogSubscriberFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page's subscription to fleet changes failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    private void Unsubscribe(Action<FleetChange> subscriber)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != subscriber).ToArray();
    }

    private sealed class Subscription(FleetChanges owner, Action<FleetChange> subscriber) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(subscriber);
    }
}
