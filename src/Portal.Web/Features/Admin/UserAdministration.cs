using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Web.Features.Account;
using Portal.Web.Mail;

namespace Portal.Web.Features.Admin;

/// <summary>
/// Accounts as admins run them: invite (a one-time link by mail), change role or tenant, lock, send a reset link,
/// reset two-factor, delete. Each change renews the account's security stamp, so open sessions follow within a minute.
/// Each call works in a scope of its own: pages live for a circuit and may overlap calls.
/// </summary>
public sealed partial class UserAdministration(IServiceScopeFactory scopes, AdminAudit audit, Mailer mailer, IHostEnvironment environment,
    ILogger<UserAdministration> logger)
{
    public enum AccountState { Invited, Active, Locked }

    public sealed record UserRow(string Id, string Email, string Role, int? TenantId, string? TenantName, AccountState State, bool TwoFactor);

    /// <summary>Whether links can go out by mail; without it, Development shows them on screen and other environments refuse.</summary>
    public bool MailConfigured => mailer.IsConfigured;

    public async Task<IReadOnlyList<UserRow>> ListAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (!AdminAudit.MayAdminister(actor)) return [];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = new DateTimeOffset(audit.Now);
        var rows = await (from u in db.Users.AsNoTracking()
                          join t in db.Tenants on u.TenantId equals t.Id into tenants
                          from t in tenants.DefaultIfEmpty()
                          orderby u.Email
                          select new
                          {
                              u.Id, u.Email, u.TenantId, TenantName = t == null ? null : t.Name, HasPassword = u.PasswordHash != null,
                              u.LockoutEnd, u.TwoFactorEnabled,
                              Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                          }).ToListAsync(cancellationToken);
        return rows.Select(r => new UserRow(r.Id, r.Email ?? "", r.Role ?? "", r.TenantId, r.TenantName,
            r.LockoutEnd > now ? AccountState.Locked : r.HasPassword ? AccountState.Active : AccountState.Invited, r.TwoFactorEnabled)).ToList();
    }

    /// <summary>Creates the account without a password and sends the one-time link to set one (valid 72 hours).</summary>
    public async Task<AdminOutcome> InviteAsync(ClaimsPrincipal actor, string? email, string? role, int? tenantId, Uri portal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        email = email?.Trim();
        var request = new { email = AdminAudit.Cap(email), role = AdminAudit.Cap(role), tenantId };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request, AdminAudit.NotAllowed);
        if ((AccountRules.EmailError(email) ?? AccountRules.RoleError(role, tenantId)) is { } invalid)
            return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request, invalid, tenantId);
        if (tenantId is { } tid && !await db.Tenants.AnyAsync(t => t.Id == tid))
            return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request, "There is no such tenant.");
        if (await users.FindByEmailAsync(email!) is not null)
            return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request, "An account with this email exists already.", tenantId);
        if (!mailer.IsConfigured && !environment.IsDevelopment())
            return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request,
                "Mail is not configured (Portal:Mail), so the invitation could not be sent. Configure mail, then invite again.", tenantId);

        var user = new PortalUser { UserName = email, Email = email, TenantId = tenantId };
        var created = await users.CreateAsync(user);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, role!);
        if (!created.Succeeded)
        {
            if (user.Id is not null && await users.FindByIdAsync(user.Id) is { } partial) await users.DeleteAsync(partial);
            return await audit.RefuseAsync(db, actor, AuditActions.InviteUser, request, Describe(created), tenantId);
        }

        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        var link = AccountLinks.Invitation(portal, user.Id, token);
        if (mailer.IsConfigured)
        {
            try
            {
                await mailer.SendAsync(email!, "Your VM Portal account",
                    $"You have been invited to the VM Portal as {role}.\n\nSet your password here (the link works once, for {InvitationTokenOptions.Lifespan.TotalHours:0} hours):\n{link}\n",
                    CancellationToken.None);
            }
            catch (MailException e)
            {
                // Nothing half-done: without the mail the account would be unreachable.
                await users.DeleteAsync(user);
                db.AuditEntries.Add(audit.Entry(actor, AuditActions.InviteUser, request, AuditOutcome.Failed, e.Message, tenantId: tenantId));
                await db.SaveChangesAsync(CancellationToken.None);
                return AdminOutcome.Refused($"The invitation could not be sent, so no account was created: {e.Message}");
            }
        }
        var summary = $"{email} invited as {role}.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.InviteUser, request, AuditOutcome.Succeeded, summary: summary, tenantId: tenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return mailer.IsConfigured
            ? AdminOutcome.Done($"{summary} The link is on its way by mail.")
            : AdminOutcome.Done($"{summary} Mail is not configured here: give them this link.", link);
    }

    public async Task<AdminOutcome> ChangeAsync(ClaimsPrincipal actor, string userId, string? role, int? tenantId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        var request = new { user = AdminAudit.Cap(userId), role = AdminAudit.Cap(role), tenantId };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, request, AdminAudit.NotAllowed);
        if (await TargetAsync(users, userId) is not ({ } user, { } target)) return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, request, NoSuchAccount);
        var described = new { user = user.Email, from = target.Role, role = AdminAudit.Cap(role), tenantId };
        if (AccountRules.RoleError(role, tenantId) is { } invalid) return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, described, invalid);
        if (tenantId is { } tid && !await db.Tenants.AnyAsync(t => t.Id == tid))
            return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, described, "There is no such tenant.");
        if (AccountRules.ChangeError(ActorId(actor), target, role!, await ActiveAdminsAsync(users)) is { } unsafeChange)
            return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, described, unsafeChange);

        // One transaction: role and tenant change together or not at all.
        var result = IdentityResult.Success;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            if (target.Role != role)
            {
                if (!string.IsNullOrEmpty(target.Role)) result = await users.RemoveFromRoleAsync(user, target.Role);
                if (result.Succeeded) result = await users.AddToRoleAsync(user, role!);
            }
            user.TenantId = tenantId;
            if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
            if (result.Succeeded) await transaction.CommitAsync();
        }
        if (!result.Succeeded) return await audit.RefuseAsync(db, actor, AuditActions.ChangeUser, described, Describe(result));
        var summary = $"{user.Email} is now {role}{(tenantId is null ? "" : " of " + await TenantNameAsync(db, tenantId.Value))}.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.ChangeUser, described, AuditOutcome.Succeeded, summary: summary, tenantId: tenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    public async Task<AdminOutcome> SetLockedAsync(ClaimsPrincipal actor, string userId, bool locked)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        var action = locked ? AuditActions.LockUser : AuditActions.UnlockUser;
        var request = new { user = AdminAudit.Cap(userId) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, action, request, AdminAudit.NotAllowed);
        if (await TargetAsync(users, userId) is not ({ } user, { } target)) return await audit.RefuseAsync(db, actor, action, request, NoSuchAccount);
        var described = new { user = user.Email };
        if (locked && AccountRules.LockError(ActorId(actor), target, await ActiveAdminsAsync(users)) is { } refused)
            return await audit.RefuseAsync(db, actor, action, described, refused, user.TenantId);

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        var summary = locked ? $"{user.Email} is locked and signed out." : $"{user.Email} is unlocked.";
        db.AuditEntries.Add(audit.Entry(actor, action, described, AuditOutcome.Succeeded, summary: summary, tenantId: user.TenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    /// <summary>Mails a link to set a new password (valid 2 hours, once).</summary>
    public async Task<AdminOutcome> SendPasswordResetAsync(ClaimsPrincipal actor, string userId, Uri portal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        var request = new { user = AdminAudit.Cap(userId) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.SendPasswordReset, request, AdminAudit.NotAllowed);
        if (await TargetAsync(users, userId) is not ({ } user, _)) return await audit.RefuseAsync(db, actor, AuditActions.SendPasswordReset, request, NoSuchAccount);
        var described = new { user = user.Email };
        if (!mailer.IsConfigured && !environment.IsDevelopment())
            return await audit.RefuseAsync(db, actor, AuditActions.SendPasswordReset, described, "Mail is not configured (Portal:Mail), so no link can be sent.", user.TenantId);

        var link = AccountLinks.Reset(portal, user.Id, await users.GeneratePasswordResetTokenAsync(user));
        if (mailer.IsConfigured)
        {
            try
            {
                await mailer.SendAsync(user.Email!, "Set a new password for the VM Portal",
                    $"An administrator has sent you a link to set a new password (it works once, for {AccountLinks.ResetLifespan.TotalHours:0} hours):\n{link}\n",
                    CancellationToken.None);
            }
            catch (MailException e)
            {
                db.AuditEntries.Add(audit.Entry(actor, AuditActions.SendPasswordReset, described, AuditOutcome.Failed, e.Message, tenantId: user.TenantId));
                await db.SaveChangesAsync(CancellationToken.None);
                return AdminOutcome.Refused(e.Message);
            }
        }
        var summary = $"Password-reset link for {user.Email} created.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.SendPasswordReset, described, AuditOutcome.Succeeded, summary: summary, tenantId: user.TenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return mailer.IsConfigured ? AdminOutcome.Done($"{summary} It is on its way by mail.") : AdminOutcome.Done($"{summary} Mail is not configured here: give them this link.", link);
    }

    /// <summary>For a lost phone: two-factor off, a new authenticator key and no recovery codes; staff must enroll again.</summary>
    public async Task<AdminOutcome> ResetTwoFactorAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        var request = new { user = AdminAudit.Cap(userId) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.ResetTwoFactor, request, AdminAudit.NotAllowed);
        if (await TargetAsync(users, userId) is not ({ } user, _)) return await audit.RefuseAsync(db, actor, AuditActions.ResetTwoFactor, request, NoSuchAccount);

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.UpdateSecurityStampAsync(user);
        var summary = $"Two-factor sign-in of {user.Email} reset.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.ResetTwoFactor, new { user = user.Email }, AuditOutcome.Succeeded, summary: summary, tenantId: user.TenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    /// <summary>Deletes the account; the audit trail keeps its email (entries name people by email, not by id).</summary>
    public async Task<AdminOutcome> DeleteAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        var request = new { user = AdminAudit.Cap(userId) };
        if (!AdminAudit.MayAdminister(actor)) return await audit.RefuseAsync(db, actor, AuditActions.DeleteUser, request, AdminAudit.NotAllowed);
        if (await TargetAsync(users, userId) is not ({ } user, { } target)) return await audit.RefuseAsync(db, actor, AuditActions.DeleteUser, request, NoSuchAccount);
        var described = new { user = user.Email, role = target.Role };
        if (AccountRules.DeleteError(ActorId(actor), target, await ActiveAdminsAsync(users)) is { } refused)
            return await audit.RefuseAsync(db, actor, AuditActions.DeleteUser, described, refused, user.TenantId);

        var result = await users.DeleteAsync(user);
        if (!result.Succeeded) return await audit.RefuseAsync(db, actor, AuditActions.DeleteUser, described, Describe(result), user.TenantId);
        LogDeleted(logger, user.Email ?? user.Id, actor.Identity?.Name ?? "?");
        var summary = $"Account {user.Email} deleted.";
        db.AuditEntries.Add(audit.Entry(actor, AuditActions.DeleteUser, described, AuditOutcome.Succeeded, summary: summary, tenantId: user.TenantId));
        await db.SaveChangesAsync(CancellationToken.None);
        return AdminOutcome.Done(summary);
    }

    private const string NoSuchAccount = "There is no such account.";

    private static (PortalDbContext, UserManager<PortalUser>) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<PortalDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>());

    private static string ActorId(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static async Task<(PortalUser, AccountRules.Account)?> TargetAsync(UserManager<PortalUser> users, string? userId)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 64 || await users.FindByIdAsync(userId) is not { } user) return null;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        return (user, new AccountRules.Account(user.Id, role, await users.IsLockedOutAsync(user)));
    }

    private async Task<int> ActiveAdminsAsync(UserManager<PortalUser> users)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        var now = new DateTimeOffset(audit.Now);
        return admins.Count(a => a.LockoutEnd is null || a.LockoutEnd <= now);
    }

    private static async Task<string> TenantNameAsync(PortalDbContext db, int tenantId) =>
        await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync();

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account} deleted by {Admin}")]
    private static partial void LogDeleted(ILogger logger, string account, string admin);
}
