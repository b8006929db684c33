using Microsoft.AspNetCore.Identity;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// <c>dotnet Portal.Web.dll create-admin EMAIL</c>: creates (or promotes) an admin account in a production
/// database. The password is read from PORTAL_ADMIN_PASSWORD or standard input, never from the command line.
/// </summary>
public static class AdminCommand
{
    private const string Verb = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || !args[1].Contains('@', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} EMAIL   (password from PORTAL_ADMIN_PASSWORD or standard input)");
            return 2;
        }
        var email = args[1];
        var password = Environment.GetEnvironmentVariable("PORTAL_ADMIN_PASSWORD") ?? await Console.In.ReadLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("No password given (set PORTAL_ADMIN_PASSWORD or pipe it to standard input).");
            return 2;
        }

        await services.MigratePortalDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Admin)) await roles.CreateAsync(new IdentityRole(Roles.Admin));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

        var user = await users.FindByEmailAsync(email);
        var result = user is null
            ? await users.CreateAsync(user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true }, password)
            : IdentityResult.Success;
        if (result.Succeeded && !await users.IsInRoleAsync(user, Roles.Admin)) result = await users.AddToRoleAsync(user, Roles.Admin);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }
        Console.WriteLine($"{email} is an admin.");
        return 0;
    }
}
