using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

public enum OperationStatus
{
    Succeeded,
    /// <summary>The host accepted it; the guest has not confirmed yet (a disk it has not released, a shutdown it has not done).</summary>
    Pending,
    /// <summary>The host was asked and reported an error.</summary>
    Failed,
    /// <summary>Invalid input: nothing was asked of the host.</summary>
    Invalid,
    /// <summary>The user may not make this change to this VM.</summary>
    Forbidden,
    /// <summary>The VM does not exist for the user (another tenant's): nothing more is said.</summary>
    NotFound,
    /// <summary>Another change to the VM is running.</summary>
    Busy,
    /// <summary>The same form was submitted before: this is that submission's result.</summary>
    AlreadySubmitted,
}

/// <summary>What became of an operation, for the dialog to show.</summary>
public sealed record OperationOutcome(OperationStatus Status, string Message, IReadOnlyList<ValidationError> Errors, long? AuditId = null)
{
    public static OperationOutcome Invalid(IReadOnlyList<ValidationError> errors) =>
        new(OperationStatus.Invalid, "Nothing was changed: correct the fields marked below.", errors);
}
