using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Web.Tests;

/// <summary>What a test looks up in a running portal's database.</summary>
internal static class PortalLookups
{
    public static async Task<int> VmIdOfAsync(this IServiceProvider services, string name)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }
}
