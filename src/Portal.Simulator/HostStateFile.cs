using System.Text.Json;
using Portal.Core.Tenancy;

namespace Portal.Simulator;

/// <summary>
/// What a simulated host keeps across portal restarts: the tenant assignments made through the port, as one small
/// JSON file per host, <c>simulator-NAME.json</c> in <see cref="SimulatorOptions.StateDirectory"/>:
/// <c>{"tenants":{"UUID":"acme","UUID":null}}</c>, null being a tag that was removed. The file is written whole to a
/// temporary file in the same directory and renamed over the old one, so a crash leaves the old or the new file,
/// never half of one.
/// </summary>
internal sealed class HostStateFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    private HostStateFile(string path) => FilePath = path;

    public string FilePath { get; }

    public static HostStateFile For(string directory, string hostUri) =>
        new(Path.Combine(Path.GetFullPath(directory), $"simulator-{Uri.EscapeDataString(new Uri(hostUri).Host)}.json"));

    /// <summary>
    /// The assignments in the file, none when there is no file yet. A file that cannot be read, or holds something
    /// else than assignments to valid tenant slugs, is an error naming it: falling back to the fleet's tenants
    /// without a word would hand VMs back to tenants they were taken from.
    /// </summary>
    public IReadOnlyDictionary<Guid, string?> Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(FilePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<Guid, string?>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SimulatedErrors.StateUnreadable(FilePath, e.Message);
        }

        try
        {
            var document = JsonSerializer.Deserialize<StateDocument>(text, Json) ?? throw new JsonException("the file holds null");
            var tenants = document.Tenants ?? throw new JsonException("it has no \"tenants\" object");
            foreach (var (uuid, slug) in tenants)
            {
                if (slug is not null && !TenantSlug.IsValid(slug))
                    throw new JsonException($"'{slug}' (for {uuid}) is not a valid tenant slug");
            }
            return tenants;
        }
        catch (JsonException e)
        {
            throw SimulatedErrors.StateUnreadable(FilePath, e.Message);
        }
    }

    /// <summary>Replaces the file with <paramref name="tenants"/>; on failure the old file stays as it was.</summary>
    public void Save(IReadOnlyDictionary<Guid, string?> tenants)
    {
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new StateDocument(new Dictionary<Guid, string?>(tenants)), Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw SimulatedErrors.StateNotSaved(FilePath, e.Message);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The save failed already, which is what the caller hears; a stray temporary file is harmless.
        }
    }

    private sealed record StateDocument(Dictionary<Guid, string?>? Tenants);
}
