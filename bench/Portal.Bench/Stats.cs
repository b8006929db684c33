using System.Diagnostics;

namespace Portal.Bench;

/// <summary>Timings of many repetitions, reported as percentiles.</summary>
internal sealed class Timings(string name)
{
    private readonly List<double> _ms = [];

    public string Name => name;
    public int Count => _ms.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> work)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await work();
        _ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    public double Percentile(double p)
    {
        var sorted = _ms.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public double Mean => _ms.Average();
}

/// <summary>How steady the machine is: the spread of a fixed CPU-bound loop, run before and after the measurements.</summary>
internal static class Noise
{
    public static (double MedianMs, double SpreadPercent) Measure(int rounds = 30)
    {
        var times = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var start = Stopwatch.GetTimestamp();
            double x = 0;
            for (var i = 0; i < 2_000_000; i++) x += Math.Sqrt(i) * 1e-9;
            GC.KeepAlive(x);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        var p10 = times[times.Count / 10];
        var p90 = times[times.Count * 9 / 10];
        return (median, (p90 - p10) / median * 100);
    }
}
