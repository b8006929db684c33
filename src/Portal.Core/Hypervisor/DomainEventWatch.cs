namespace Portal.Core.Hypervisor;

/// <summary>
/// Waits for the first event of one host that satisfies a condition. Made before the host is asked, since the event
/// can arrive before the call that causes it returns; disposing it stops watching.
/// </summary>
public sealed class DomainEventWatch : IDisposable
{
    private readonly IHypervisorConnection _host;
    private readonly Func<DomainEvent, bool> _match;
    private readonly TaskCompletionSource<DomainEvent> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DomainEventWatch(IHypervisorConnection host, Func<DomainEvent, bool> match)
    {
        _host = host;
        _match = match;
        host.EventReceived += OnEvent;
    }

    /// <summary>The first matching event, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<DomainEvent?> WaitAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _seen.Task.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private void OnEvent(DomainEvent e)
    {
        if (_match(e)) _seen.TrySetResult(e);
    }

    public void Dispose() => _host.EventReceived -= OnEvent;
}
