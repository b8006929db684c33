using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Data;

public static class PortalDataExtensions
{
    /// <summary>Registers the portal's database (SQLite or PostgreSQL, by configuration) and its options.</summary>
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.Provider), "Portal:Database:Provider must be Sqlite or Postgres.")
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Portal:Database:ConnectionString is required for PostgreSQL.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var contentRoot = builder.Environment.ContentRootPath;
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                builder.Services.AddDbContext<PortalDbContext, PostgresPortalDbContext>(db =>
                    db.UseNpgsql(options.ConnectionString));
                break;
            default:
                var connectionString = SqliteConnectionString(options, contentRoot);
                builder.Services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(db => db.UseSqlite(connectionString));
                break;
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return builder;
    }

    /// <summary>Applies pending migrations of whichever provider is configured.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    internal static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        var directory = Path.GetFullPath(options.DataDirectory, contentRoot);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "portal.db")}";
    }
}
