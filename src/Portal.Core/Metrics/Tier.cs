namespace Portal.Core.Metrics;

/// <summary>The stored resolutions, finest first. Numbers are part of the stored format.</summary>
public enum Tier : byte
{
    Raw = 0,
    Hourly = 1,
    Daily = 2,
}

/// <summary>A tier's resolution and how long it is kept.</summary>
public sealed record TierSpec(Tier Tier, TimeSpan Step, TimeSpan Retention);
