namespace Portal.Core.Triage;

public enum BaselineKind
{
    /// <summary>The same length right before the window.</summary>
    JustBefore,
    /// <summary>The same hours one day earlier.</summary>
    DayEarlier,
    /// <summary>The same hours one week earlier.</summary>
    WeekEarlier,
}

/// <summary>A stretch the window is compared with.</summary>
public sealed record BaselineWindow(BaselineKind Kind, DateTime FromUtc, DateTime ToUtc)
{
    public static string Describe(BaselineKind kind) => kind switch
    {
        BaselineKind.JustBefore => "the same length just before",
        BaselineKind.DayEarlier => "the same hours a day earlier",
        _ => "the same hours a week earlier",
    };
}
