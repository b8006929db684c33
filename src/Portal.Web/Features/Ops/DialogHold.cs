using MudBlazor;

namespace Portal.Web.Features.Ops;

/// <summary>
/// While a change runs, its dialog cannot be closed (no close button, no Escape): the operator sees its outcome,
/// which for a restart can take minutes. Disposing gives the dialog its options back.
/// </summary>
public sealed class DialogHold : IAsyncDisposable
{
    private readonly IMudDialogInstance _dialog;
    private readonly DialogOptions _options;

    private DialogHold(IMudDialogInstance dialog, DialogOptions options)
    {
        _dialog = dialog;
        _options = options;
    }

    public static async Task<DialogHold> StartAsync(IMudDialogInstance dialog)
    {
        var options = dialog.Options;
        await dialog.SetOptionsAsync(options with { CloseButton = false, CloseOnEscapeKey = false, BackdropClick = false });
        return new DialogHold(dialog, options);
    }

    public async ValueTask DisposeAsync() => await _dialog.SetOptionsAsync(_options);
}
