using MudBlazor;

namespace Portal.Web.Features.Ops;

/// <summary>How an outcome is shown: the severity of its alert or snackbar.</summary>
public static class OperationOutcomes
{
    public static Severity Severity(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => MudBlazor.Severity.Success,
        OperationStatus.Pending or OperationStatus.Busy => MudBlazor.Severity.Warning,
        OperationStatus.AlreadySubmitted => MudBlazor.Severity.Info,
        _ => MudBlazor.Severity.Error,
    };
}
