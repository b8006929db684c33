namespace Portal.Collector;

/// <summary>Configuration section <c>Portal:Collector</c>. The sweep interval is <c>Portal:Metrics:Interval</c>.</summary>
public sealed class CollectorOptions
{
    public const string Section = "Portal:Collector";

    /// <summary>Off where a separate collector process (Portal.Collector.Worker) does the sweeping.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long one host's sweep may take before it is abandoned for this round.</summary>
    public TimeSpan SweepTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan RetryMin { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(30);
}
