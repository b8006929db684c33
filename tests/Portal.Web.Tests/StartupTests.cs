using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Web.Features.Account;
using Portal.Web.Security;

namespace Portal.Web.Tests;

/// <summary>What the portal does with its configuration before it serves anyone.</summary>
public class StartupTests
{
    [Theory]
    [InlineData("Staging", "--Portal:Demo=true", "Portal:Demo must be false outside Development")]
    [InlineData("Production", "--Portal:Demo=true", "Portal:Demo must be false outside Development")]
    [InlineData("Development", "--Portal:FirstInventoryTimeout=99:00:00", "FirstInventoryTimeout")]
    [InlineData("Production", "--Portal:Security:RequireTwoFactorForStaff=maybe", "'Portal:Security:RequireTwoFactorForStaff'")]
    [InlineData("Development", "--Portal:Ops:StorageRoots:0=/var/lib/libvirt/images", "Portal:Ops:StorageRoots is no longer read")]
    [InlineData("Development", "--Portal:Ops:StoragePools:0=/var/lib/libvirt/images", "Portal:Ops:StoragePools must be distinct libvirt pool names")]
    public async Task A_bad_configuration_stops_the_portal_with_one_line_naming_the_key(string environment, string setting, string expected)
    {
        var data = Directory.CreateTempSubdirectory("portal-startup-test-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"));
            start.ArgumentList.Add(setting);
            start.ArgumentList.Add($"--Portal:Database:DataDirectory={data}");
            start.ArgumentList.Add("--urls=http://127.0.0.1:0");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("The portal cannot start: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", (await output) + line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Staff_need_two_factor_outside_development_and_not_in_it_by_default()
    {
        await using var staging = new PortalFactory { EnvironmentName = "Staging", DemoSetting = null };
        await using var development = new PortalFactory { DemoSetting = null };

        Assert.True(staging.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireTwoFactorForStaff);
        Assert.False(development.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireTwoFactorForStaff);
    }

    [Fact]
    public async Task Outside_development_there_is_no_demo_by_default_and_the_sign_in_page_lists_no_accounts()
    {
        await using var portal = new PortalFactory { EnvironmentName = "Staging", DemoSetting = null };
        using var client = portal.NewClient();

        var page = await client.GetPageAsync("/account/login");

        Assert.Null(page.QuerySelector("[data-testid=demo-accounts]"));
        Assert.DoesNotContain(DemoAccounts.DemoPassword, page.Body!.TextContent, StringComparison.Ordinal);
    }
}
