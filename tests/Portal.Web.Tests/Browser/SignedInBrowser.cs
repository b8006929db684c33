using Microsoft.Playwright;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Browser;

/// <summary>A live portal and a browser context of its own, signed in through the sign-in form as a person would.</summary>
public sealed class SignedInBrowser : IAsyncDisposable
{
    private SignedInBrowser(LivePortal portal, IBrowserContext context, IPage page)
    {
        Portal = portal;
        Context = context;
        Page = page;
    }

    public LivePortal Portal { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<SignedInBrowser> StartAsync(Chromium chromium, string email, int width = 1280, int height = 800)
    {
        var portal = new LivePortal();
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.Url,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "Europe/Berlin",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/");
        return new SignedInBrowser(portal, context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Portal.DisposeAsync();
    }
}
