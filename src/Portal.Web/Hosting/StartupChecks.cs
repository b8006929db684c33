using Microsoft.Extensions.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// Every validated option checked before anything starts, so a bad value stops the portal with one line that names
/// the key and the rule, instead of a stack trace from wherever the value is first used.
/// </summary>
public static class StartupChecks
{
    /// <summary>The configuration problem in one line, or null when every option is valid.</summary>
    public static string? ConfigurationProblem(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return "The portal cannot start: " + string.Join(" ", e.Failures.Select(f => f.ReplaceLineEndings(" ")));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            return "The portal cannot start: " + string.Join(" ", e.InnerExceptions.Cast<OptionsValidationException>()
                .SelectMany(i => i.Failures).Select(f => f.ReplaceLineEndings(" ")));
        }
        catch (InvalidOperationException e) when (IsBindingFailure(e))
        {
            // "Failed to convert configuration value 'x' at 'Portal:…' to type '…'": the key and the value, in one line.
            return "The portal cannot start: " + e.Message.ReplaceLineEndings(" ");
        }
    }

    /// <summary>A value that does not convert to its option's type (e.g. "maybe" for a true/false setting).</summary>
    private static bool IsBindingFailure(InvalidOperationException e) =>
        e.TargetSite?.DeclaringType == typeof(ConfigurationBinder);
}
