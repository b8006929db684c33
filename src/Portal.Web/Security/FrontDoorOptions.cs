using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Portal.Web.Security;

/// <summary>Configuration section <c>Portal:FrontDoor</c>: how the portal is reached and how hard it is to guess at.</summary>
public sealed class FrontDoorOptions
{
    public const string Section = "Portal:FrontDoor";

    /// <summary>
    /// Reverse proxies (addresses, or networks as <c>10.0.0.0/8</c>) whose X-Forwarded-For and X-Forwarded-Proto are
    /// believed. Loopback is always trusted; anyone else's forwarded headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Where plain HTTP is sent to (the HTTPS port browsers use); none: plain HTTP gets a page saying TLS is needed.</summary>
    [Range(1, 65535)]
    public int? HttpsPort { get; set; }

    /// <summary>Sign-in, second-step and set-password posts one client address may make at once before it is throttled.</summary>
    [Range(1, 1000)]
    public int SignInBurst { get; set; } = 10;

    /// <summary>After the burst, one more attempt per this period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SignInRefill { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Refused changes one account may make per minute (each is audited); more are turned away unrecorded.</summary>
    [Range(1, 10_000)]
    public int RefusalsPerMinute { get; set; } = 30;

    /// <summary>The largest request body accepted (forms are small; nothing in the portal uploads).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public static bool ProxiesAreValid(FrontDoorOptions options) =>
        options.TrustedProxies.All(p => IPAddress.TryParse(p, out _) || IPNetwork.TryParse(p, out _));
}
