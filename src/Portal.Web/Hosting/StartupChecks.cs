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
    }
}
