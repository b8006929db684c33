using System.Text.Json;
using Portal.Core.Inventory;
using Portal.Core.Metrics;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>
/// The chart payload, written straight to the response: a regular grid (start, step, points) instead of a time per
/// point, and one array per series with null for gaps. Times are Unix milliseconds, UTC.
/// </summary>
public static class MetricsJson
{
    /// <param name="causes">Who caused an event through the portal, by event id, as the viewer reads it.</param>
    public static void Write(Utf8JsonWriter json, int vmId, SeriesSet set, IReadOnlyList<VmEvent> events,
        IReadOnlyDictionary<long, string>? causes = null)
    {
        var plan = set.Plan;
        json.WriteStartObject();
        json.WriteNumber("vm", vmId);
        json.WriteString("tier", plan.Tier.ToString().ToLowerInvariant());
        json.WriteString("aggregate", set.Aggregate == MetricAggregate.Maximum ? "max" : "avg");
        json.WriteNumber("start", Milliseconds(plan.GridStart));
        json.WriteNumber("step", (long)plan.Bucket.TotalMilliseconds);
        json.WriteNumber("points", plan.Points);
        json.WriteStartArray("series");
        foreach (var series in set.Series)
        {
            var (name, unit) = MetricNames.Of(series.Key.Metric);
            json.WriteStartObject();
            json.WriteString("metric", name);
            json.WriteString("instance", series.Key.Instance);
            json.WriteString("unit", unit);
            json.WriteStartArray("values");
            foreach (var value in series.Values) WriteValue(json, value);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteNumber("time", Milliseconds(e.TimeUtc));
            json.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()));
            if (e.Detail is not null) json.WriteString("detail", e.Detail);
            if (causes?.GetValueOrDefault(e.Id) is { } by) json.WriteString("by", by);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Charts need three or four significant digits: whole numbers from 100 up, two decimals below. Formatting
    /// them this way is several times cheaper than a float's shortest round-trip form, and the payload is smaller.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter json, float value)
    {
        if (float.IsNaN(value))
        {
            json.WriteNullValue();
            return;
        }
        if (MathF.Abs(value) >= 100 || value == MathF.Floor(value))
        {
            json.WriteNumberValue((long)MathF.Round(value));
            return;
        }
        Span<byte> text = stackalloc byte[32];
        System.Buffers.Text.Utf8Formatter.TryFormat(Math.Round(value, 2), text, out var written, new System.Buffers.StandardFormat('G', 6));
        json.WriteRawValue(text[..written], skipInputValidation: true);
    }

    public static long Milliseconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;
}
