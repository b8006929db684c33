namespace Portal.Core.Hypervisor;

/// <summary>
/// Why a domain started or stopped, in the words <see cref="DomainEvent.Detail"/> carries (libvirt's lifecycle event
/// details for the kinds the portal tells apart; the simulator uses the same).
/// </summary>
public static class LifecycleDetail
{
    // Started
    public const string Booted = "booted";
    public const string Restored = "restored";
    public const string Migrated = "migrated";
    public const string FromSnapshot = "from snapshot";
    public const string Wakeup = "wakeup";

    // Stopped
    /// <summary>The guest shut itself down (an ACPI request it answered, or its own poweroff).</summary>
    public const string ShutDown = "shutdown";
    /// <summary>Forced off by the host (virDomainDestroy), like pulling the plug.</summary>
    public const string Destroyed = "destroyed";
    public const string Crashed = "crashed";
    public const string Saved = "saved";
    public const string Failed = "failed";

    // Shutdown
    /// <summary>The guest finished shutting down after a request from inside the guest or an ACPI signal.</summary>
    public const string ByGuest = "guest";
    /// <summary>The guest finished shutting down after a request from the host (e.g. killed by a signal).</summary>
    public const string ByHost = "host";
}
