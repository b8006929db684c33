using System.ComponentModel.DataAnnotations;

namespace Portal.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Configuration section <c>Portal:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Portal:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, empty means <c>portal.db</c> in the data directory. For PostgreSQL it is required,
    /// e.g. <c>Host=db;Database=portal;Username=portal;Password=...</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded database and other local state live; relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The data directory as an absolute path: relative ones are under <paramref name="contentRoot"/>.</summary>
    public string FullDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);
}
