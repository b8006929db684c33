using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.Browser;

/// <summary>The portal on real Kestrel at a free loopback port, for a real browser.</summary>
public sealed class LivePortal : PortalFactory
{
    /// <summary>
    /// On a free port, or on <paramref name="port"/> and <paramref name="dataDirectory"/> to stand in for an earlier
    /// portal; <paramref name="settings"/> as in <see cref="PortalFactory.Settings"/>.
    /// </summary>
    public LivePortal(int port = 0, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null) : base(dataDirectory)
    {
        if (settings is not null) Settings = settings;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Url { get; }
}
