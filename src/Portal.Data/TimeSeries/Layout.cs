using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

/// <summary>The series of a row, in slot order.</summary>
internal sealed class Layout
{
    public Layout(int id, IReadOnlyList<SeriesKey> keys)
    {
        Id = id;
        Keys = keys;
        Slots = new Dictionary<SeriesKey, int>(keys.Count);
        for (var i = 0; i < keys.Count; i++) Slots[keys[i]] = i;
    }

    public int Id { get; }
    public IReadOnlyList<SeriesKey> Keys { get; }
    public Dictionary<SeriesKey, int> Slots { get; }

    public bool Covers(IEnumerable<SeriesKey> keys) => keys.All(Slots.ContainsKey);

    public static string Format(IEnumerable<SeriesKey> keys) => string.Join(';', keys.Select(k => k.ToString()));

    public static IReadOnlyList<SeriesKey> Parse(string text) =>
        text.Length == 0 ? [] : text.Split(';').Select(SeriesKey.Parse).ToArray();

    /// <summary>A stable order, so that the same VM keeps the same layout across restarts.</summary>
    public static IReadOnlyList<SeriesKey> Order(IEnumerable<SeriesKey> keys) =>
        keys.OrderBy(k => k.Metric).ThenBy(k => k.Instance, StringComparer.Ordinal).ToArray();
}
