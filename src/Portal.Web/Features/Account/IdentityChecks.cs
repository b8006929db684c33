using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Features.Account;

internal static class IdentityChecks
{
    public static async Task EnsureAsync(Task<IdentityResult> operation)
    {
        var result = await operation;
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
