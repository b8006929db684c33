using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;

namespace Portal.Web.Features.Account;

/// <summary>
/// Invitation links: valid 72 hours, and once (the token is bound to the account's security stamp, which setting the
/// password renews). Password-reset links use Identity's default provider, set to 2 hours.
/// </summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenOptions> options, ILogger<InvitationTokenProvider> logger)
    : DataProtectorTokenProvider<PortalUser>(protection, options, logger)
{
    public const string ProviderName = "Invitation";
    public const string Purpose = "invitation";
}

public sealed class InvitationTokenOptions : DataProtectionTokenProviderOptions
{
    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(72);

    public InvitationTokenOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = Lifespan;
    }
}

/// <summary>The links mailed to people: where they land and what they carry.</summary>
public static class AccountLinks
{
    public const string InvitationPath = "/account/invitation";
    public const string ResetPath = "/account/reset";
    public static readonly TimeSpan ResetLifespan = TimeSpan.FromHours(2);

    public static string Invitation(Uri portal, string userId, string token) => Build(portal, InvitationPath, userId, token);

    public static string Reset(Uri portal, string userId, string token) => Build(portal, ResetPath, userId, token);

    private static string Build(Uri portal, string path, string userId, string token) =>
        new Uri(portal, $"{path}?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}").AbsoluteUri;
}
