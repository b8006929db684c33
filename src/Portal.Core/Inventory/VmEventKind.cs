namespace Portal.Core.Inventory;

/// <summary>What happened to a VM; recorded for chart annotations and the VM's history.</summary>
public enum VmEventKind
{
    Started = 1,
    Stopped = 2,
    Restarted = 3,
    Crashed = 4,
    Paused = 5,
    Resumed = 6,
    DiskAdded = 10,
    DiskRemoved = 11,
    NicAdded = 12,
    NicRemoved = 13,
    MemoryChanged = 20,
    MaxMemoryChanged = 21,
}
