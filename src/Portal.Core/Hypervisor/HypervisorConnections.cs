using System.Collections.Concurrent;

namespace Portal.Core.Hypervisor;

/// <summary>
/// One long-lived connection per host URI, opened on first use by whichever connector understands the URI.
/// A failed open is not cached, so the next caller tries again.
/// </summary>
public sealed class HypervisorConnections(IEnumerable<IHypervisorConnector> connectors) : IAsyncDisposable
{
    private readonly IHypervisorConnector[] _connectors = connectors.ToArray();
    private readonly ConcurrentDictionary<string, Lazy<Task<IHypervisorConnection>>> _open = new(StringComparer.Ordinal);

    public async Task<IHypervisorConnection> GetAsync(string uri, CancellationToken cancellationToken = default)
    {
        var lazy = _open.GetOrAdd(uri, u => new Lazy<Task<IHypervisorConnection>>(() => OpenAsync(u)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.IsValueCreated && lazy.Value.IsFaulted)
        {
            _open.TryRemove(new KeyValuePair<string, Lazy<Task<IHypervisorConnection>>>(uri, lazy));
            throw;
        }
    }

    private Task<IHypervisorConnection> OpenAsync(string uri)
    {
        var connector = Array.Find(_connectors, c => c.CanOpen(uri))
            ?? throw new HypervisorException(HypervisorErrorKind.NotSupported, 0, 0, $"No hypervisor driver handles the URI '{uri}'.");
        return connector.OpenAsync(uri, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _open.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
        _open.Clear();
    }
}
