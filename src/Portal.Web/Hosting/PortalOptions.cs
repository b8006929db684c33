using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Hosting;

/// <summary>Configuration section <c>Portal</c> (the database has its own, <c>Portal:Database</c>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Demo tenants, simulated hosts and one account per role, listed on the sign-in page; Development only.</summary>
    public bool Demo { get; set; }

    /// <summary>Hosts to make sure exist at start, e.g. <c>{ "Name": "kvm1", "Uri": "qemu+ssh://root@kvm1/system" }</c>.</summary>
    public List<HostEntry> Hosts { get; set; } = [];

    /// <summary>How long start-up waits for a host's first inventory before going on without it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FirstInventoryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public sealed class HostEntry
    {
        [Required, MaxLength(100)]
        public string Name { get; set; } = "";

        [Required, MaxLength(500)]
        public string Uri { get; set; } = "";
    }
}
