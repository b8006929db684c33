namespace Portal.Libvirt.Interop;

/// <summary>The libvirt constants the portal uses (values from the libvirt 9.0 headers).</summary>
internal static class Flags
{
    // virDomainModificationImpact
    public const uint AffectLive = 1 << 0;
    public const uint AffectConfig = 1 << 1;

    // virDomainMemoryModFlags
    public const uint MemMaximum = 1 << 2;

    // virDomainMetadataType
    public const int MetadataElement = 2;

    // virDomainXMLFlags
    public const uint XmlInactive = 1 << 1;

    // virDomainStatsTypes
    public const uint StatsState = 1 << 0, StatsCpuTotal = 1 << 1, StatsBalloon = 1 << 2, StatsVcpu = 1 << 3,
        StatsInterface = 1 << 4, StatsBlock = 1 << 5;

    public const uint StatsAll = StatsState | StatsCpuTotal | StatsBalloon | StatsVcpu | StatsInterface | StatsBlock;

    /// <summary>One domain stuck in a job must not stall the sweep of the whole host.</summary>
    public const uint GetAllDomainsStatsNoWait = 1u << 29;

    // virDomainEventID
    public const int EventLifecycle = 0, EventReboot = 1, EventBalloonChange = 13, EventDeviceRemoved = 15, EventDeviceAdded = 19,
        EventDeviceRemovalFailed = 22;

    // virErrorNumber values the portal tells apart
    public const int ErrInternal = 1, ErrNoSupport = 3, ErrNoConnect = 5, ErrInvalidArg = 8, ErrOperationFailed = 9,
        ErrXml = 27, ErrSystem = 38, ErrRpc = 39, ErrNoDomain = 42, ErrAuthFailed = 45, ErrOperationInvalid = 55,
        ErrNoStoragePool = 49, ErrNoStorageVolume = 50, ErrConfigUnsupported = 67, ErrOperationTimeout = 68, ErrOperationUnsupported = 84, ErrDeviceMissing = 99;

    // virErrorDomain values the portal tells apart: a system error from the transport is a lost connection, one from
    // a driver (a file a pool could not read) is not.
    public const int FromRpc = 7, FromRemote = 13, FromStorage = 18;

    public const int UuidStringLength = 37;
}
