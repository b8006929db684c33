namespace Portal.Core.Inventory;

/// <summary>Mirrors libvirt's virDomainState values so the interop layer can map them one to one.</summary>
public enum VmState
{
    Unknown = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    ShuttingDown = 4,
    ShutOff = 5,
    Crashed = 6,
    Suspended = 7,
}
