namespace Portal.Core.Audit;

/// <summary>The action names audit entries carry; stored, so never renamed.</summary>
public static class AuditActions
{
    public const string AttachDisk = "disk.attach";
    public const string DetachDisk = "disk.detach";
    public const string SetMemory = "memory.set";
    public const string AssignVm = "vm.assign";

    public const string CreateTenant = "tenant.create";
    public const string RenameTenant = "tenant.rename";
    public const string DisableTenant = "tenant.disable";
    public const string EnableTenant = "tenant.enable";

    public const string InviteUser = "user.invite";
    public const string ChangeUser = "user.change";
    public const string LockUser = "user.lock";
    public const string UnlockUser = "user.unlock";
    public const string SendPasswordReset = "user.reset-password";
    public const string ResetTwoFactor = "user.reset-2fa";
    public const string DeleteUser = "user.delete";
    public const string AcceptInvitation = "account.invitation";
    public const string ResetPassword = "account.reset-password";

    public static readonly IReadOnlyList<string> All =
    [
        AttachDisk, DetachDisk, SetMemory, AssignVm,
        CreateTenant, RenameTenant, DisableTenant, EnableTenant,
        InviteUser, ChangeUser, LockUser, UnlockUser, SendPasswordReset, ResetTwoFactor, DeleteUser, AcceptInvitation, ResetPassword,
    ];

    public static string Describe(string action) => action switch
    {
        AttachDisk => "Add disk",
        DetachDisk => "Remove disk",
        SetMemory => "Change memory",
        AssignVm => "Assign VM to tenant",
        CreateTenant => "Create tenant",
        RenameTenant => "Rename tenant",
        DisableTenant => "Disable tenant",
        EnableTenant => "Enable tenant",
        InviteUser => "Invite user",
        ChangeUser => "Change role or tenant",
        LockUser => "Lock account",
        UnlockUser => "Unlock account",
        SendPasswordReset => "Send password-reset link",
        ResetTwoFactor => "Reset two-factor",
        DeleteUser => "Delete account",
        AcceptInvitation => "Accept invitation",
        ResetPassword => "Reset password by link",
        _ => action,
    };
}
