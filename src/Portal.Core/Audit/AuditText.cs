using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Audit;

/// <summary>
/// What an audit entry keeps of text that came with a request: at most <see cref="MaxLength"/> characters per text,
/// so no field of any request can grow the audit table (or break a column's limit), and the parameters stay JSON.
/// </summary>
public static class AuditText
{
    /// <summary>The cap of one text (the shortest text column an entry has, its summary, holds this much).</summary>
    public const int MaxLength = 500;

    /// <summary>The most the parameters may take together (their column holds 8000).</summary>
    public const int MaxParametersLength = 4000;
    private const string Cut = "…";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Cap(string? text) => Cap(text, MaxLength);

    /// <summary>
    /// The request's parameters as JSON, every string in it capped; when many long strings still make it too long
    /// for its column, each is cut shorter until it fits.
    /// </summary>
    public static string Parameters(object parameters)
    {
        var json = "";
        foreach (var cap in new[] { MaxLength, 100, 20 })
        {
            json = (CapStrings(JsonSerializer.SerializeToNode(parameters, Json), cap) ?? JsonValue.Create("")!).ToJsonString(Json);
            if (json.Length <= MaxParametersLength) return json;
        }
        return JsonSerializer.Serialize(new { parameters = Cap(json, 200) }, Json);
    }

    private static string? Cap(string? text, int max) =>
        text is { } t && t.Length > max ? string.Concat(t.AsSpan(0, max - Cut.Length), Cut) : text;

    private static JsonNode? CapStrings(JsonNode? node, int max)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList()) obj[key] = CapStrings(value?.DeepClone(), max);
                return obj;
            case JsonArray array:
                var items = array.Take(100).Select(i => CapStrings(i?.DeepClone(), max)).ToList();
                array.Clear();
                foreach (var item in items) array.Add(item);
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Cap(text, max));
            default:
                return node;
        }
    }
}
