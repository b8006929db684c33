namespace Portal.Web.Components.Layout;

/// <summary>The portal's look: MudBlazor's defaults with the system font stack (no web fonts to fetch).</summary>
public static class PortalTheme
{
    private static readonly string[] SystemFonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudBlazor.MudTheme Theme = new()
    {
        Typography = new MudBlazor.Typography
        {
            Default = new MudBlazor.DefaultTypography { FontFamily = SystemFonts },
        },
        LayoutProperties = new MudBlazor.LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
