using Microsoft.Playwright;
using Portal.Web.Tests.Account;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class AccountJourneyTests(Chromium chromium)
{
    [Fact]
    public async Task Support_sets_up_an_authenticator_app_at_first_sign_in_and_then_signs_in_with_its_code()
    {
        var portal = new LivePortal(settings: new Dictionary<string, string> { ["Portal:Security:RequireTwoFactorForStaff"] = "true" });
        await using var browser = await SignedInBrowser.StartSignedOutAsync(chromium, portal, 1280, 1000);
        var page = browser.Page;

        // The password is right, but staff see nothing before enrolling (the QR code is inline SVG: no CSP change).
        await browser.SignInAsync("support@portal.example");
        await page.WaitForURLAsync("**/account/two-factor/enroll?ReturnUrl=%2F");
        await Assertions.Expect(page.GetByTestId("enrollment-required")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=qr-code] svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("account-enroll.png"), FullPage = true });
        var key = (await page.GetByTestId("authenticator-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("account-recovery-codes.png"), FullPage = true });

        // Into the live portal, then to the account page (a static page: the link loads it in full) and back.
        await page.GetByTestId("continue").ClickAsync();
        await browser.WaitForCircuitAsync();
        await page.GetByTestId("account-link").ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Assertions.Expect(page.GetByTestId("two-factor-state")).ToHaveAttributeAsync("data-on", "true");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("account-page.png"), FullPage = true });
        await page.GetByTestId("back-to-portal").ClickAsync();
        await browser.WaitForCircuitAsync();

        // Signed out and in again: the password, then the app's code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/account/login");
        await browser.SignInAsync("support@portal.example");
        await page.WaitForURLAsync("**/account/login/two-factor");
        await page.GetByLabel("Authenticator code").FillAsync(Totp.WrongCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("account-two-factor-step.png"), FullPage = true });
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/");
        await browser.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Sam from Support");
    }
}
