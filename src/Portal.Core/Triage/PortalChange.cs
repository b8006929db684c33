namespace Portal.Core.Triage;

/// <summary>A change made through the portal (from the audit trail); <see cref="User"/> only when the viewer may see who.</summary>
public sealed record PortalChange(DateTime TimeUtc, string Action, string Summary, string? User, bool Succeeded);
