using System.Collections.Concurrent;

namespace Portal.Core.Concurrency;

/// <summary>One holder at a time per key (a VM, a host) in this process; a lease releases it when disposed.</summary>
public class KeyedGate
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    public async Task<IDisposable> EnterAsync(int key, CancellationToken cancellationToken)
    {
        var gate = Gate(key);
        await gate.WaitAsync(cancellationToken);
        return new Lease(gate);
    }

    /// <summary>The lease, or null when the key stays held for longer than <paramref name="wait"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(int key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var gate = Gate(key);
        return await gate.WaitAsync(wait, cancellationToken) ? new Lease(gate) : null;
    }

    private SemaphoreSlim Gate(int key) => _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
