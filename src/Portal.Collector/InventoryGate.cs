using System.Collections.Concurrent;

namespace Portal.Collector;

/// <summary>
/// One writer of a host's inventory at a time in this process: the sweep, the event recorder and a change made
/// through the portal all re-read the host, and an older reading must not overwrite a newer one half-way.
/// </summary>
public sealed class InventoryGate
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _hosts = new();

    public async Task<IDisposable> EnterAsync(int hostId, CancellationToken cancellationToken)
    {
        var gate = _hosts.GetOrAdd(hostId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Lease(gate);
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
