namespace Portal.Core.Ops;

/// <summary>A rule a request broke, worded for an operator, tied to the form field it concerns.</summary>
public sealed record ValidationError(string Field, string Message);

public static class ValidationErrors
{
    /// <summary>The message for a form field, or null when that field is fine.</summary>
    public static string? MessageFor(this IEnumerable<ValidationError> errors, string field) =>
        errors.FirstOrDefault(e => e.Field == field)?.Message;
}
