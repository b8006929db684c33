using Portal.Core.Hypervisor;

namespace Portal.Simulator;

/// <summary>Failures worded and numbered as libvirt's QEMU driver reports them, so callers handle both alike.</summary>
internal static class SimulatedErrors
{
    // libvirt's virErrorNumber and virErrorDomain values.
    private const int NoStoragePool = 49, NoStorageVol = 50, StorageVolExist = 90, FromStorage = 18;
    private const int InternalError = 1, OperationFailed = 9, FromNone = 0;
    private const int ConfigUnsupported = 67, InvalidArg = 8, NoDomain = 42, OperationInvalid = 55, FromQemu = 10, FromDomain = 20;

    public static HypervisorException NoSuchDomain(Guid uuid) =>
        new(HypervisorErrorKind.NoDomain, NoDomain, FromQemu, $"Domain not found: no domain with matching uuid '{uuid}'");

    public static HypervisorException NotRunning() =>
        new(HypervisorErrorKind.OperationInvalid, OperationInvalid, FromQemu, "Requested operation is not valid: domain is not running");

    public static HypervisorException AlreadyRunning() =>
        new(HypervisorErrorKind.OperationInvalid, OperationInvalid, FromQemu, "Requested operation is not valid: domain is already running");

    public static HypervisorException TargetExists(string target) =>
        new(HypervisorErrorKind.OperationInvalid, OperationInvalid, FromQemu, $"Requested operation is not valid: target {target} already exists");

    public static HypervisorException NoSuchDisk(string target) =>
        new(HypervisorErrorKind.OperationInvalid, OperationInvalid, FromQemu, $"Requested operation is not valid: disk {target} not found");

    public static HypervisorException NativeNeedsDirect() =>
        new(HypervisorErrorKind.InvalidArgument, ConfigUnsupported, FromQemu, "unsupported configuration: io='native' needs either no disk cache or directsync cache mode");

    public static HypervisorException AboveMax() =>
        new(HypervisorErrorKind.InvalidArgument, InvalidArg, FromDomain, "invalid argument: cannot set memory higher than max memory");

    public static HypervisorException Invalid(string message) =>
        new(HypervisorErrorKind.InvalidArgument, InvalidArg, FromDomain, "invalid argument: " + message);

    public static HypervisorException NoSuchPool(string pool) =>
        new(HypervisorErrorKind.Other, NoStoragePool, FromStorage, $"Storage pool not found: no storage pool with matching name '{pool}'");

    public static HypervisorException NoSuchVolume(string name) =>
        new(HypervisorErrorKind.Other, NoStorageVol, FromStorage, $"Storage volume not found: no storage vol with matching name '{name}'");

    public static HypervisorException NoSuchFile(string path) =>
        new(HypervisorErrorKind.Other, InternalError, FromQemu, $"internal error: qemu unexpectedly failed: Could not open '{path}': No such file or directory");

    public static HypervisorException VolumeExists(string name) =>
        new(HypervisorErrorKind.Other, StorageVolExist, FromStorage, $"storage volume '{name}' exists already");

    public static HypervisorException StateUnreadable(string path, string reason) =>
        new(HypervisorErrorKind.Other, InternalError, FromNone,
            $"internal error: the simulator's state {path} cannot be read ({reason}); repair or delete it (without it, the host's VMs have the demo fleet's tenants)");

    public static HypervisorException StateNotSaved(string path, string reason) =>
        new(HypervisorErrorKind.Other, OperationFailed, FromNone, $"operation failed: cannot save the simulator's state {path}: {reason}");

    public static HypervisorException HostDown(string uri) =>
        new(HypervisorErrorKind.ConnectionFailed, 38, 7, $"Cannot recv data: simulated host {uri} is down");
}
