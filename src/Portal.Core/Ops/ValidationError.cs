namespace Portal.Core.Ops;

/// <summary>A rule a request broke, worded for an operator, tied to the form field it concerns.</summary>
public sealed record ValidationError(string Field, string Message);
