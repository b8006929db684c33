using Microsoft.Playwright;

namespace Portal.Web.Tests.Browser;

/// <summary>MudBlazor's controls as a person uses them: a select opens a list to click in, text is typed.</summary>
internal static class MudControls
{
    public static async Task SelectAsync(this IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(option)}\\s*$") });
        await item.First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>The text a select or text field shows.</summary>
    public static ILocator Input(this IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;
}
