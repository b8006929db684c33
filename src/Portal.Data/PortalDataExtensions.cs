using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data.TimeSeries;

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
        var connectionString = options.Provider == DatabaseProvider.Postgres
            ? options.ConnectionString ?? ""
            : SqliteConnectionString(options, builder.Environment.ContentRootPath);
        if (options.Provider == DatabaseProvider.Postgres)
            builder.Services.AddPortalContext<PostgresPortalDbContext>(db => db.UseNpgsql(connectionString));
        else
            builder.Services.AddPortalContext<SqlitePortalDbContext>(db => db.UseSqlite(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");

        // Time-series store: plain ADO.NET on the same database.
        builder.Services.AddOptions<StoreOptions>()
            .Bind(builder.Configuration.GetSection(StoreOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => TimeSpan.FromHours(1).Ticks % o.Interval.Ticks == 0, "Portal:Metrics:Interval must divide an hour evenly (e.g. 00:01:00, 00:05:00).")
            .Validate(o => o.RawRetention >= TimeSpan.FromDays(1) && o.HourlyRetention >= o.RawRetention && o.DailyRetention >= o.HourlyRetention,
                "Portal:Metrics retentions must grow from raw to hourly to daily, raw keeping at least a day.")
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => new StoreDatabase(options.Provider, connectionString));
        builder.Services.AddSingleton(sp => new MetricStore(sp.GetRequiredService<StoreDatabase>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value.ToTierTable()));
        return builder;
    }

    /// <summary>
    /// The provider's context both ways: scoped for request-bound work (Identity's stores), and as a factory for
    /// long-lived callers (interactive pages live for a whole circuit, so each operation takes a short-lived context).
    /// </summary>
    private static void AddPortalContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PortalDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => new PortalDbContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
    }

    private sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
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
        var directory = options.FullDataDirectory(contentRoot);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "portal.db")}";
    }
}
