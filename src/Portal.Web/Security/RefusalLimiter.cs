using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Refused changes are audited, so an account cannot be allowed to write refusals without end: each account gets
/// <see cref="FrontDoorOptions.RefusalsPerMinute"/> recorded refusals a minute; beyond them attempts are turned away
/// with a message and no row.
/// </summary>
public sealed class RefusalLimiter(IOptions<FrontDoorOptions> options) : IDisposable
{
    public const string Message = "Too many refused attempts in the last minute: wait a minute before trying again.";

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RefusalsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether one more refusal of <paramref name="account"/> may be recorded now.</summary>
    public bool TryRecord(string? account)
    {
        using var lease = _limiter.AttemptAcquire(account ?? "(unknown)");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
