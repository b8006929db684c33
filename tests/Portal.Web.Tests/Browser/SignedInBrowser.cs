using Microsoft.Playwright;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// A live portal and a browser context of its own, signed in through the sign-in form as a person would. Every
/// console error and Content-Security-Policy violation the browser reports fails the test when it ends.
/// </summary>
public sealed class SignedInBrowser : IAsyncDisposable
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _expected = [];
    private bool _ownsPortal = true;

    private SignedInBrowser(LivePortal portal, IBrowserContext context, IPage page)
    {
        Portal = portal;
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content-Security-Policy", StringComparison.Ordinal))
                lock (_consoleErrors) _consoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (_consoleErrors) _consoleErrors.Add(error); };
    }

    public LivePortal Portal { get; private set; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<SignedInBrowser> StartAsync(Chromium chromium, string email, int width = 1280, int height = 800, LivePortal? portal = null)
    {
        var browser = await StartSignedOutAsync(chromium, portal ?? new LivePortal(), width, height);
        await browser.SignInAsync(email);
        await browser.Page.WaitForURLAsync("**/");
        await browser.WaitForCircuitAsync();
        return browser;
    }

    /// <summary>A browser on the portal's sign-in page, for journeys that go through sign-in themselves.</summary>
    public static async Task<SignedInBrowser> StartSignedOutAsync(Chromium chromium, LivePortal portal, int width = 1280, int height = 800)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.Url,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "Europe/Berlin",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var browser = new SignedInBrowser(portal, context, page);
        await page.GotoAsync("/");
        return browser;
    }

    /// <summary>
    /// Another person on the same portal: a browser context of its own, signed out. Disposing it leaves the portal
    /// running (its first browser owns it).
    /// </summary>
    public async Task<SignedInBrowser> OtherPersonAsync(Chromium chromium)
    {
        var other = await StartSignedOutAsync(chromium, Portal);
        other._ownsPortal = false;
        return other;
    }

    /// <summary>Fills in and sends the sign-in form the page shows.</summary>
    public async Task SignInAsync(string email, string password = DemoAccounts.DemoPassword)
    {
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A full page load, then the wait until the page is live (its circuit has rendered it).</summary>
    public async Task GotoAsync(string url)
    {
        await Page.GotoAsync(url);
        await WaitForCircuitAsync();
    }

    public Task WaitForCircuitAsync(float timeout = 30_000) =>
        Page.Locator("[data-testid=circuit][data-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeout });

    /// <summary>Sets a value on the page that only a full reload would lose.</summary>
    public Task SetMarkerAsync() => Page.EvaluateAsync("() => window.__portalTestMarker = 42");

    public async Task<bool> MarkerSurvivedAsync() => await Page.EvaluateAsync<bool>("() => window.__portalTestMarker === 42");

    /// <summary>A console error this test causes on purpose (e.g. the connection lost while the portal restarts).</summary>
    public void Expect(string consoleErrorFragment) => _expected.Add(consoleErrorFragment);

    /// <summary>Stands another portal in for the current one (same port and data), as after a restart.</summary>
    public void Replace(LivePortal portal) => Portal = portal;

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        if (_ownsPortal) await Portal.DisposeAsync();
        string[] unexpected;
        lock (_consoleErrors) unexpected = _consoleErrors.Where(e => !_expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToArray();
        if (unexpected.Length > 0)
            throw new InvalidOperationException("The browser reported errors:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
    }
}
