using System.Collections.Concurrent;

namespace Portal.Web.Features.Ops;

/// <summary>
/// One change at a time per VM in this portal process: a second change waits briefly, then is told to retry.
/// (Two portal processes changing the same VM are not serialized by this; see the README.)
/// </summary>
public sealed class VmOperationGate
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    public async Task<IDisposable?> TryEnterAsync(int vmId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(vmId, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(wait, cancellationToken) ? new Lease(gate) : null;
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
