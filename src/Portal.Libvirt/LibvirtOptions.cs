using System.ComponentModel.DataAnnotations;

namespace Portal.Libvirt;

/// <summary>Configuration section <c>Portal:Libvirt</c>.</summary>
public sealed class LibvirtOptions
{
    public const string Section = "Portal:Libvirt";

    /// <summary>Seconds between keepalive probes on remote connections; a dead peer is noticed after Count misses.</summary>
    [Range(1, 600)]
    public int KeepAliveIntervalSeconds { get; set; } = 5;

    [Range(1, 100)]
    public int KeepAliveCount { get; set; } = 3;

    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromMinutes(1);
}
