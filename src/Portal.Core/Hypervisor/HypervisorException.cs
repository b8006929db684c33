namespace Portal.Core.Hypervisor;

/// <summary>What kind of failure a host reported, in terms the portal acts on.</summary>
public enum HypervisorErrorKind
{
    Other,
    NoDomain,
    InvalidArgument,
    OperationInvalid,
    NotSupported,
    ConnectionFailed,
    Timeout,
}

/// <summary>
/// The one exception family the hypervisor port throws. <see cref="Code"/> and <see cref="Domain"/> keep the
/// host's raw numbers (libvirt's virErrorNumber and virErrorDomain; the simulator uses the same numbers).
/// </summary>
public class HypervisorException : Exception
{
    public HypervisorException(HypervisorErrorKind kind, int code, int domain, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Code = code;
        Domain = domain;
    }

    public HypervisorErrorKind Kind { get; }
    public int Code { get; }
    public int Domain { get; }
}
