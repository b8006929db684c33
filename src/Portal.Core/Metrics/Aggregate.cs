namespace Portal.Core.Metrics;

/// <summary>
/// Average, maximum and number of samples of one series over a bucket. Merging keeps the average exact (weighted by
/// count), so a daily value equals what the raw samples give, whatever the gaps.
/// </summary>
public struct Aggregate
{
    public double Sum { get; private set; }
    public double Max { get; private set; }
    public int Count { get; private set; }

    public readonly double Average => Count == 0 ? double.NaN : Sum / Count;

    public void Add(double value)
    {
        if (double.IsNaN(value)) return;
        Max = Count == 0 ? value : Math.Max(Max, value);
        Sum += value;
        Count++;
    }

    public void Merge(double average, double max, int count)
    {
        if (count <= 0 || double.IsNaN(average)) return;
        Max = Count == 0 ? max : Math.Max(Max, max);
        Sum += average * count;
        Count += count;
    }
}
