using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Web.Components.Layout;

namespace Portal.Web.Tests.Components;

/// <summary>The shell around every signed-in page.</summary>
public class LayoutTests(PortalFactory portal) : PortalComponentTest(portal)
{
    [Fact]
    public async Task A_part_of_a_page_that_throws_shows_an_error_box_not_a_dead_page()
    {
        await SignInAsync("alice@acme.example");

        var layout = Render<MainLayout>(p => p.Add(c => c.Body, b =>
        {
            b.OpenComponent<Failing>(0);
            b.CloseComponent();
        }));

        layout.WaitForAssertion(() => Assert.Contains("This part of the page failed", layout.Find("[data-testid=error-boundary]").TextContent, StringComparison.Ordinal));
        // The rest of the shell still works: navigation and the user's name.
        Assert.Contains("Virtual machines", layout.Find("[data-testid=nav]").TextContent, StringComparison.Ordinal);
        Assert.Equal("alice@acme.example", layout.Find("[data-testid=user-name]").TextContent.Trim());
        // Every signed-in user reaches their account page from the app bar and the drawer.
        Assert.Equal("/account", layout.Find("a[data-testid=account-link]").GetAttribute("href"));
        Assert.Equal("/account", layout.Find("[data-testid=nav-account]").GetAttribute("href") ?? layout.Find("[data-testid=nav-account] a").GetAttribute("href"));
    }

    private sealed class Failing : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("a bug in a page");
    }
}
