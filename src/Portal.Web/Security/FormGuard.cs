using Microsoft.AspNetCore.Http.Features;

namespace Portal.Web.Security;

/// <summary>
/// Every form is read here first, within the configured limits (body size, field count, field length), and refused
/// with 400 and a problem-details body when it cannot be read or carries NUL or other control characters that no
/// field of the portal takes. What passes is cached for the page or endpoint that reads it next.
/// </summary>
public sealed class FormGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await next(context);
            return;
        }
        string? problem;
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            problem = form.Any(f => HasControl(f.Key) || f.Value.Any(v => v is not null && HasControl(v)))
                ? "The form contains characters that no field accepts (NUL or other control characters)."
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or InvalidOperationException)
        {
            // Too many fields, a field too long, a body over the limit, or a body that is not the form it claims to be.
            problem = e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? "The request is larger than the portal accepts."
                : "The form could not be read: " + e.Message;
        }
        if (problem is null)
        {
            await next(context);
            return;
        }
        var status = problem.StartsWith("The request is larger", StringComparison.Ordinal) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        await Results.Problem(problem, statusCode: status, title: "The form was refused.").ExecuteAsync(context);
    }

    /// <summary>Tabs and line breaks are text; every other control character is not.</summary>
    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>The limits forms are read with: small, since every form of the portal is a handful of short fields.</summary>
    public static void Limit(FormOptions form)
    {
        form.ValueCountLimit = 64;
        form.KeyLengthLimit = 256;
        form.ValueLengthLimit = 16 * 1024;
        form.MultipartBodyLengthLimit = 256 * 1024;
        form.MultipartHeadersLengthLimit = 16 * 1024;
    }
}
