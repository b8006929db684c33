using System.Globalization;
using System.Text;
using QRCoder;

namespace Portal.Web.Features.Account;

/// <summary>
/// A QR code as inline SVG markup: drawn with the page itself, so the Content-Security-Policy needs nothing new and
/// the secret never travels in a URL of its own. Only numbers go into the markup.
/// </summary>
public static class QrCodeSvg
{
    public static string Render(string text, int pixels = 200)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix; // includes the quiet zone around the code
        var size = modules.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            var row = modules[y];
            for (var x = 0; x < size; x++)
            {
                if (!row[x]) continue;
                // A run of dark modules is one rectangle.
                var start = x;
                while (x + 1 < size && row[x + 1]) x++;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1h-{x - start + 1}z");
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{pixels}" height="{pixels}" shape-rendering="crispEdges" role="img" aria-label="QR code for your authenticator app"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>""");
    }
}
