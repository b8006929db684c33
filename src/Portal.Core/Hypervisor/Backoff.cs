namespace Portal.Core.Hypervisor;

/// <summary>
/// Exponential backoff between attempts to reach a host: after a failure the next attempt waits twice as long as
/// the last (from <paramref name="min"/> up to <paramref name="max"/>); a success resets it. Not thread-safe.
/// </summary>
public sealed class Backoff(TimeSpan min, TimeSpan max)
{
    private TimeSpan _delay = TimeSpan.Zero;

    public DateTimeOffset? RetryAt { get; private set; }
    public string? LastError { get; private set; }
    public int Failures { get; private set; }

    public void Failed(DateTimeOffset now, string error)
    {
        _delay = _delay == TimeSpan.Zero ? min : TimeSpan.FromTicks(Math.Min(max.Ticks, _delay.Ticks * 2));
        RetryAt = now + _delay;
        LastError = error;
        Failures++;
    }

    public void Succeeded()
    {
        _delay = TimeSpan.Zero;
        RetryAt = null;
        LastError = null;
        Failures = 0;
    }

    public bool MustWait(DateTimeOffset now, out TimeSpan remaining)
    {
        remaining = RetryAt is { } at && at > now ? at - now : TimeSpan.Zero;
        return remaining > TimeSpan.Zero;
    }
}
