using System.Security.Claims;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Security;

namespace Portal.Web.Features.Admin;

/// <summary>
/// The frame of every admin action: only admins act, and every attempt is recorded whatever its outcome. Texts are
/// capped before they are stored, so no field of a request can grow the audit table.
/// </summary>
public sealed class AdminAudit(RefusalLimiter refusals, TimeProvider time)
{
    public const string NotAllowed = "Only admins manage tenants, users and VM ownership.";
    public const int MaxText = AuditText.MaxLength;

    public static bool MayAdminister(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public AuditEntry Entry(ClaimsPrincipal actor, string action, object parameters, AuditOutcome outcome, string? error = null,
        string? summary = null, int? tenantId = null, int? vmId = null) =>
        new(Now, Cap(actor.Identity?.Name) ?? "(unknown)", action, tenantId, vmId, AuditText.Parameters(parameters),
            outcome, Cap(error), Cap(summary));

    /// <summary>
    /// Records a refusal on its own (up to the account's limit a minute, see <see cref="RefusalLimiter"/>) and returns
    /// the outcome the page shows.
    /// </summary>
    public async Task<AdminOutcome> RefuseAsync(PortalDbContext db, ClaimsPrincipal actor, string action, object parameters, string reason,
        int? tenantId = null, int? vmId = null)
    {
        db.ChangeTracker.Clear();
        if (!refusals.TryRecord(actor.Identity?.Name)) return AdminOutcome.Refused(reason);
        db.AuditEntries.Add(Entry(actor, action, parameters, AuditOutcome.Refused, reason, tenantId: tenantId, vmId: vmId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Refused(reason);
    }

    /// <summary>At most <see cref="MaxText"/> characters of a text taken from a request.</summary>
    public static string? Cap(string? text) => AuditText.Cap(text);
}
