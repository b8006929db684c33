namespace Portal.Web.Features.Admin;

/// <summary>What an admin action did, in a sentence for the page; <see cref="Link"/> is set only where mail is off in Development.</summary>
public sealed record AdminOutcome(bool Succeeded, string Message, string? Link = null)
{
    public static AdminOutcome Done(string message, string? link = null) => new(true, message, link);
    public static AdminOutcome Refused(string message) => new(false, message);
}
