using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Portal.Web.Tests.Components;

/// <summary>Dialogs as people meet them: opened through the dialog service into a rendered MudDialogProvider.</summary>
internal static class DialogTesting
{
    public static IRenderedComponent<MudDialogProvider> RenderDialogHost(this BunitContext context) => context.RenderDialogHost(out _);

    /// <summary>The dialog host, and the popover host where MudBlazor renders open lists (a select's items).</summary>
    public static IRenderedComponent<MudDialogProvider> RenderDialogHost(this BunitContext context, out IRenderedComponent<MudPopoverProvider> popovers)
    {
        popovers = context.Render<MudPopoverProvider>();
        return context.Render<MudDialogProvider>();
    }

    public static async Task<IDialogReference> ShowAsync<TDialog>(this IRenderedComponent<MudDialogProvider> host, DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var service = host.Services.GetService(typeof(IDialogService)) as IDialogService ?? throw new InvalidOperationException("no dialog service");
        IDialogReference? reference = null;
        await host.InvokeAsync(async () => reference = await service.ShowAsync<TDialog>(null, parameters));
        return reference!;
    }

    /// <summary>The input component marked with data-testid, as the user would pick it.</summary>
    public static IRenderedComponent<TInput> Field<TInput>(this IRenderedComponent<MudDialogProvider> host, string testId)
        where TInput : MudComponentBase =>
        host.FindComponents<TInput>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));

    /// <summary>Sets a field's value through its ValueChanged callback: what a selection or typing does.</summary>
    public static Task SetAsync<T>(this IRenderedComponent<MudDialogProvider> host, string testId, T value) where T : notnull =>
        host.InvokeAsync(() => FieldCallback<T>(host, testId).InvokeAsync(value));

#pragma warning disable CS8619 // T? and T are one type at run time for the fields' value types
    private static EventCallback<T> FieldCallback<T>(IRenderedComponent<MudDialogProvider> host, string testId)
    {
        var select = host.FindComponents<MudSelect<T>>().FirstOrDefault(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
        if (select is not null) return select.Instance.ValueChanged;
        var text = host.FindComponents<MudTextField<T>>().FirstOrDefault(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
        if (text is not null) return text.Instance.ValueChanged;
        var check = host.FindComponents<MudCheckBox<T>>().FirstOrDefault(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
        if (check is not null) return check.Instance.ValueChanged;
        var radio = host.FindComponents<MudRadioGroup<T>>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
        return radio.Instance.ValueChanged;
    }
#pragma warning restore CS8619
}
