using System.Threading.Channels;
using Portal.Core.Hypervisor;

namespace Portal.Hypervisor.Tests;

/// <summary>Every event a host reports about one domain from now on, in order, to wait on and look back at.</summary>
public sealed class EventLog : IDisposable
{
    private readonly IHypervisorConnection _host;
    private readonly Guid _uuid;
    private readonly List<DomainEvent> _seen = [];
    private readonly Channel<DomainEvent> _arrivals = Channel.CreateUnbounded<DomainEvent>();
    private int _read;

    public EventLog(IHypervisorConnection host, Guid uuid)
    {
        _host = host;
        _uuid = uuid;
        host.EventReceived += OnEvent;
    }

    /// <summary>How many events have been waited through so far: <see cref="Since"/> that index looks at what came after.</summary>
    public int Count => _read;

    /// <summary>The events waited through, from index <paramref name="from"/>.</summary>
    public IReadOnlyList<DomainEvent> Since(int from) => _seen.Skip(from).ToList();

    /// <summary>The next event (after those waited through) that satisfies <paramref name="match"/>.</summary>
    public async Task<DomainEvent> WaitForAsync(Func<DomainEvent, bool> match, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            while (true)
            {
                var e = await _arrivals.Reader.ReadAsync(deadline.Token);
                _seen.Add(e);
                _read++;
                if (match(e)) return e;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No such event within {patience}; seen: {string.Join(", ", _seen.Select(e => $"{e.Kind} {e.Device ?? e.Detail}"))}");
        }
    }

    private void OnEvent(DomainEvent e)
    {
        if (e.Uuid == _uuid) _arrivals.Writer.TryWrite(e);
    }

    public void Dispose() => _host.EventReceived -= OnEvent;
}
