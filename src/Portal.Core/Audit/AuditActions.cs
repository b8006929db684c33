namespace Portal.Core.Audit;

/// <summary>The action names audit entries carry; stored, so never renamed.</summary>
public static class AuditActions
{
    public const string AttachDisk = "disk.attach";
    public const string DetachDisk = "disk.detach";
    public const string SetMemory = "memory.set";
    public const string StartVm = "vm.start";
    /// <summary>A clean shutdown: the ACPI power button, which the guest answers by powering off.</summary>
    public const string ShutdownVm = "vm.shutdown";
    public const string RebootVm = "vm.reboot";
    /// <summary>A forced stop, like pulling the plug.</summary>
    public const string ForceOffVm = "vm.force-off";
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

    /// <summary>The password step of a sign-in: succeeded, refused (wrong password, unknown account, locked), or pending the second step.</summary>
    public const string SignIn = "account.signin";
    /// <summary>The second step of a sign-in with a code from the authenticator app.</summary>
    public const string SignInTwoFactor = "account.twofactor";
    /// <summary>The second step of a sign-in with a one-time recovery code instead of the app.</summary>
    public const string SignInRecoveryCode = "account.recovery";
    /// <summary>Sign-in posts from one address beyond the allowance: refused before any password is checked.</summary>
    public const string SignInThrottled = "account.throttled";
    public const string ChangePassword = "account.password";
    public const string EnableTwoFactor = "account.2fa.enable";
    public const string DisableTwoFactor = "account.2fa.disable";
    public const string NewRecoveryCodes = "account.2fa.recovery";

    /// <summary>Starting, stopping and rebooting a VM: customers may do these to their own VMs.</summary>
    public static readonly IReadOnlyList<string> Power = [StartVm, ShutdownVm, RebootVm, ForceOffVm];

    /// <summary>Changes to a VM (they go through the ops frame and name their VM): its configuration and its power.</summary>
    public static readonly IReadOnlyList<string> VmOperations = [AttachDisk, DetachDisk, SetMemory, .. Power];

    /// <summary>Sign-in attempts and changes people make to their own account.</summary>
    public static readonly IReadOnlyList<string> Account =
        [SignIn, SignInTwoFactor, SignInRecoveryCode, SignInThrottled, ChangePassword, EnableTwoFactor, DisableTwoFactor, NewRecoveryCodes, AcceptInvitation, ResetPassword];

    /// <summary>What admins do to tenants, accounts and VM ownership.</summary>
    public static readonly IReadOnlyList<string> Administration =
    [
        AssignVm, CreateTenant, RenameTenant, DisableTenant, EnableTenant,
        InviteUser, ChangeUser, LockUser, UnlockUser, SendPasswordReset, ResetTwoFactor, DeleteUser,
    ];

    /// <summary>Every action, in the order the audit trail's filter lists them.</summary>
    public static readonly IReadOnlyList<string> All = [.. VmOperations, .. Administration, .. Account];

    public static string Describe(string action) => action switch
    {
        AttachDisk => "Add disk",
        DetachDisk => "Remove disk",
        SetMemory => "Change memory",
        StartVm => "Start VM",
        ShutdownVm => "Shut down VM",
        RebootVm => "Reboot VM",
        ForceOffVm => "Force VM off",
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
        SignIn => "Sign in",
        SignInTwoFactor => "Sign in: authenticator code",
        SignInRecoveryCode => "Sign in: recovery code",
        SignInThrottled => "Sign-in throttled",
        ChangePassword => "Change password",
        EnableTwoFactor => "Turn on two-factor",
        DisableTwoFactor => "Turn off two-factor",
        NewRecoveryCodes => "New recovery codes",
        _ => action,
    };
}
