namespace Portal.Core.Metrics;

public enum MetricAggregate
{
    Average,
    Maximum,
}

/// <summary>One series on the query's grid; NaN marks a point without data (a gap to draw as a gap).</summary>
public sealed record SeriesValues(SeriesKey Key, float[] Values);

/// <summary>A VM's series over a range, all on the same grid: point i is the bucket starting at GridStart + i x Bucket.</summary>
public sealed record SeriesSet(QueryPlan Plan, MetricAggregate Aggregate, IReadOnlyList<SeriesValues> Series);
