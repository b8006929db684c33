using Portal.Testing;
using Microsoft.EntityFrameworkCore;

namespace Portal.Data.Tests;

public class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrations_build_the_whole_schema_on_an_empty_database(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        // Every table of the model answers a query.
        Assert.Equal(0, await db.Tenants.CountAsync());
        Assert.Equal(0, await db.Hosts.CountAsync());
        Assert.Equal(0, await db.Vms.CountAsync());
        Assert.Equal(0, await db.VmEvents.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_migrations_match_the_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();

        // Fails when someone changes an entity and forgets tools/Portal.Data.Design/add-migration.sh.
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration covers.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrating_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var first = database.NewContext()) await first.Database.MigrateAsync();
        await using var second = database.NewContext();

        await second.Database.MigrateAsync();

        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }
}
