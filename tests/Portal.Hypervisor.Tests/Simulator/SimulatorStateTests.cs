using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Collector;
using Portal.Core.Hypervisor;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests;

/// <summary>Tenant assignments on simulated hosts outlive the host (a portal restart) through the state directory.</summary>
public sealed class SimulatorStateTests : IDisposable
{
    private const string Uri = "sim://node-a";
    private static readonly SimulatedVm Web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");
    private static readonly SimulatedVm Db = DemoFleet.Vms.Single(v => v.Name == "shop-db-01");
    private static readonly SimulatedVm Cache = DemoFleet.Vms.Single(v => v.Name == "shop-cache-01");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"portal-sim-state-{Guid.NewGuid():N}");

    private string StateFile => Path.Combine(_directory, "simulator-node-a.json");

    private static SimulatedHost NewHost(string? stateDirectory) =>
        new(Uri, [Web, Db, Cache], new SimulatorOptions { StateDirectory = stateDirectory }, TimeProvider.System);

    [Fact]
    public async Task A_new_host_with_the_same_state_directory_sees_the_assignments()
    {
        await using (var before = NewHost(_directory))
        {
            await before.SetTenantAsync(Web.Uuid, "globex");
            await before.SetTenantAsync(Db.Uuid, "initech");
            await before.SetTenantAsync(Db.Uuid, null);
        }

        await using var after = NewHost(_directory);

        Assert.Equal("globex", (await after.GetDomainAsync(Web.Uuid)).TenantTag);
        Assert.Null((await after.GetDomainAsync(Db.Uuid)).TenantTag);
        Assert.Equal(Cache.Tenant, (await after.GetDomainAsync(Cache.Uuid)).TenantTag);
        var listed = await after.ListDomainsAsync();
        Assert.Equal("globex", listed.Single(d => d.Uuid == Web.Uuid).TenantTag);
        Assert.Null(listed.Single(d => d.Uuid == Db.Uuid).TenantTag);
    }

    [Fact]
    public async Task Without_a_state_directory_assignments_live_in_memory_only()
    {
        await using (var before = NewHost(null))
            await before.SetTenantAsync(Web.Uuid, "globex");

        await using var after = NewHost(null);

        Assert.Equal(Web.Tenant, (await after.GetDomainAsync(Web.Uuid)).TenantTag);
    }

    [Fact]
    public async Task A_missing_state_file_or_directory_means_the_fleets_tenants()
    {
        await using var noDirectory = NewHost(_directory);
        Assert.False(Directory.Exists(_directory)); // reading makes nothing
        Directory.CreateDirectory(_directory);
        await using var noFile = NewHost(_directory);

        Assert.Equal(Web.Tenant, (await noDirectory.GetDomainAsync(Web.Uuid)).TenantTag);
        Assert.Equal(Web.Tenant, (await noFile.GetDomainAsync(Web.Uuid)).TenantTag);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData("{ \"tenants\": { ")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{ \"tenants\": { \"not-a-uuid\": \"acme\" } }")]
    [InlineData("{ \"tenants\": { \"UUID\": \"Not A Slug\" } }")]
    [InlineData("{ \"tenants\": { \"UUID\": 42 } }")]
    public async Task A_corrupt_state_file_stops_the_host_with_an_error_naming_the_file(string content)
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(StateFile, content.Replace("UUID", Web.Uuid.ToString(), StringComparison.Ordinal));

        var error = Assert.ThrowsAny<HypervisorException>(() => NewHost(_directory));

        Assert.Contains(StateFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("repair or delete it", error.Message, StringComparison.Ordinal);
        // Silently falling back to the fleet's tenants would hand the VM back to a tenant it may have been taken from.
        Assert.Equal(content.Replace("UUID", Web.Uuid.ToString(), StringComparison.Ordinal), await File.ReadAllTextAsync(StateFile));
    }

    [Fact]
    public async Task The_state_file_is_replaced_whole_and_names_only_what_was_assigned()
    {
        await using var host = NewHost(_directory);

        await host.SetTenantAsync(Web.Uuid, "globex");
        await host.SetTenantAsync(Db.Uuid, null);

        Assert.Equal([StateFile], Directory.EnumerateFiles(_directory)); // no temporary file left behind
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(StateFile));
        var tenants = json.RootElement.GetProperty("tenants").EnumerateObject().ToDictionary(p => Guid.Parse(p.Name), p => p.Value.GetString());
        Assert.Equal(new Dictionary<Guid, string?> { [Web.Uuid] = "globex", [Db.Uuid] = null }, tenants);
    }

    [Fact]
    public async Task Assignments_to_domains_the_host_does_not_have_are_ignored()
    {
        Directory.CreateDirectory(_directory);
        var stranger = Guid.NewGuid();
        await File.WriteAllTextAsync(StateFile, $"{{ \"tenants\": {{ \"{stranger}\": \"globex\", \"{Web.Uuid}\": \"initech\" }} }}");

        await using var host = NewHost(_directory);

        Assert.Equal("initech", (await host.GetDomainAsync(Web.Uuid)).TenantTag);
        Assert.DoesNotContain(await host.ListDomainsAsync(), d => d.Uuid == stranger);
    }

    [Fact]
    public async Task An_assignment_that_cannot_be_saved_fails_and_changes_nothing()
    {
        // A file where the directory should be: the state cannot be written there.
        await File.WriteAllTextAsync(_directory, "in the way");
        try
        {
            await using var host = NewHost(_directory);

            var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => host.SetTenantAsync(Web.Uuid, "globex"));

            Assert.Contains("cannot save", error.Message, StringComparison.Ordinal);
            Assert.Equal(Web.Tenant, (await host.GetDomainAsync(Web.Uuid)).TenantTag);
        }
        finally
        {
            File.Delete(_directory);
        }
    }

    [Fact]
    public async Task The_portal_keeps_simulator_state_in_its_data_directory_across_a_restart()
    {
        var contentRoot = Path.Combine(_directory, "content");
        Directory.CreateDirectory(contentRoot);

        await using (var first = PortalServices(contentRoot))
        {
            Assert.Equal(Path.Combine(contentRoot, "portal-data"), first.GetRequiredService<SimulatorOptions>().StateDirectory);
            var host = await first.GetRequiredService<HypervisorConnections>().GetAsync(Uri);
            await host.SetTenantAsync(Web.Uuid, "globex");
        }
        await using var second = PortalServices(contentRoot);
        var reopened = await second.GetRequiredService<HypervisorConnections>().GetAsync(Uri);

        Assert.Equal("globex", (await reopened.GetDomainAsync(Web.Uuid)).TenantTag);
        Assert.True(File.Exists(Path.Combine(contentRoot, "portal-data", "simulator-node-a.json")));
    }

    /// <summary>The hypervisor registration as the portal makes it, with a relative data directory.</summary>
    private static ServiceProvider PortalServices(string contentRoot)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:Database:DataDirectory"] = "portal-data" });
        builder.AddHypervisors();
        return builder.Services.BuildServiceProvider();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
