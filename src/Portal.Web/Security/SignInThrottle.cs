using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Audit;
using Portal.Web.Features.Account;

namespace Portal.Web.Security;

/// <summary>
/// Guessing passwords takes time: the posts that check a secret (sign-in, its second step, setting a password from a
/// link) are limited per client address, a burst then one per refill period. Beyond it the answer is 429 with
/// Retry-After and a page that says when to try again; the first refusal per address and minute is audited.
/// </summary>
public static class SignInThrottle
{
    public const string AuditAction = AuditActions.SignInThrottled;

    private static readonly string[] GuardedPaths =
        [AccountPaths.Login, AccountPaths.LoginTwoFactor, AccountPaths.LoginRecovery, AccountLinks.InvitationPath, AccountLinks.ResetPath];

    public static bool IsGuarded(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && GuardedPaths.Any(p => string.Equals(context.Request.Path.Value?.TrimEnd('/'), p, StringComparison.OrdinalIgnoreCase));

    public static void Configure(RateLimiterOptions limiter, FrontDoorOptions options)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsGuarded(context)
                ? RateLimitPartition.GetTokenBucketLimiter(AccountAudit.ClientAddress(context) ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.SignInBurst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = options.SignInRefill,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("open"));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.SignInRefill;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/html; charset=utf-8";
            await AuditOncePerMinuteAsync(http);
            await http.Response.WriteAsync(Page(seconds), cancellationToken);
        };
    }

    private static async Task AuditOncePerMinuteAsync(HttpContext http)
    {
        var address = AccountAudit.ClientAddress(http) ?? "unknown";
        if (!http.RequestServices.GetRequiredService<Recent>().IsFirstInAMinute(address)) return;
        var audit = http.RequestServices.GetRequiredService<AccountAudit>();
        await audit.RecordAsync(http, AuditAction, "(address " + address + ")", AuditOutcome.Refused,
            error: "Too many sign-in attempts from this address: throttled.", details: new Dictionary<string, object?> { ["path"] = http.Request.Path.Value });
    }

    private static string Page(int seconds) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Too many attempts · VM Portal</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; line-height: 1.5">
        <h1>Too many attempts</h1>
        <p data-testid="throttled">There were too many sign-in attempts from your address. Please wait
        {(seconds < 90 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes")} and try again.</p>
        <p><a href="{AccountPaths.Login}">Back to sign-in</a></p>
        </body></html>
        """;

    /// <summary>Which addresses were audited as throttled in the last minute (an attacker's flood is one row a minute).</summary>
    public sealed class Recent(TimeProvider time)
    {
        private readonly ConcurrentDictionary<string, DateTime> _audited = new();

        public bool IsFirstInAMinute(string address)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var last = _audited.GetOrAdd(address, DateTime.MinValue);
            if (now - last < TimeSpan.FromMinutes(1) || !_audited.TryUpdate(address, now, last)) return false;
            foreach (var (key, seen) in _audited)
                if (now - seen > TimeSpan.FromMinutes(10)) _audited.TryRemove(key, out _);
            return true;
        }
    }
}
