namespace Portal.Simulator;

/// <summary>The character of a VM's load: when it is busy and on what.</summary>
public enum WorkloadKind
{
    /// <summary>Follows visitors: busy in the day and evening, quiet at night, lighter at weekends.</summary>
    Web,
    /// <summary>A database behind web servers: same rhythm, more disk, steadier CPU.</summary>
    Database,
    /// <summary>Night batch jobs: heavy CPU and disk between 01:00 and 05:00.</summary>
    Batch,
    /// <summary>Office-hours development: bursts on weekdays, idle otherwise.</summary>
    Dev,
}
