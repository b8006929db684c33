using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Data;

namespace Portal.Web.Features.Account;

/// <summary>
/// Sign-in attempts and changes to an account, as audit entries: the account as typed (or the signed-in name), what
/// happened, and the client's address in the parameters.
/// </summary>
public sealed class AccountAudit(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    /// <summary>The longest account name kept (an email address has at most 254 characters).</summary>
    public const int MaxAccountLength = 254;

    /// <param name="http">The request, for the client's address.</param>
    /// <param name="account">The email as typed, or the signed-in account.</param>
    /// <param name="tenantId">The account's tenant, when the account is known and has one: staff can then find it under the tenant.</param>
    /// <param name="summary">What happened, for outcomes other than refused.</param>
    /// <param name="error">Why it was refused.</param>
    /// <param name="details">More parameters (never a password or code).</param>
    public async Task RecordAsync(HttpContext http, string action, string account, AuditOutcome outcome, int? tenantId = null,
        string? summary = null, string? error = null, IReadOnlyDictionary<string, object?>? details = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var parameters = new Dictionary<string, object?> { ["ip"] = ClientAddress(http) };
        foreach (var (key, value) in details ?? new Dictionary<string, object?>()) parameters[key] = value;
        var entry = new AuditEntry(time.GetUtcNow().UtcDateTime, Capped(account), action, tenantId, null,
            AuditText.Parameters(parameters), outcome, AuditText.Cap(error), AuditText.Cap(summary));
        // Not the request's token: an attempt is recorded even when the browser has gone away meanwhile.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The connection's address (forwarded headers, when configured, have already replaced it), IPv4 unmapped.</summary>
    public static string? ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return null;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>What was typed, without control characters and at most <see cref="MaxAccountLength"/> characters.</summary>
    public static string Capped(string? account)
    {
        var clean = new string((account ?? "").Trim().Select(c => char.IsControl(c) ? '\uFFFD' : c).ToArray());
        return clean.Length <= MaxAccountLength ? clean : clean[..(MaxAccountLength - 1)] + "…";
    }
}
