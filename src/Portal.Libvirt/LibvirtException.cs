using Portal.Core.Hypervisor;
using Portal.Libvirt.Interop;

namespace Portal.Libvirt;

/// <summary>
/// Every libvirt failure, with libvirt's own numbers: <see cref="HypervisorException.Code"/> is the virErrorNumber,
/// <see cref="HypervisorException.Domain"/> the virErrorDomain, <see cref="Level"/> the virErrorLevel.
/// </summary>
public sealed class LibvirtException : HypervisorException
{
    internal LibvirtException(int code, int domain, int level, string message)
        : base(KindOf(code, domain), code, domain, message) => Level = level;

    public int Level { get; }

    internal static HypervisorErrorKind KindOf(int code, int domain) => code switch
    {
        Flags.ErrSystem when domain is not (Flags.FromRpc or Flags.FromRemote) => HypervisorErrorKind.Other,
        Flags.ErrNoDomain => HypervisorErrorKind.NoDomain,
        Flags.ErrInvalidArg or Flags.ErrXml or Flags.ErrConfigUnsupported => HypervisorErrorKind.InvalidArgument,
        Flags.ErrOperationInvalid or Flags.ErrDeviceMissing => HypervisorErrorKind.OperationInvalid,
        Flags.ErrNoSupport or Flags.ErrOperationUnsupported => HypervisorErrorKind.NotSupported,
        Flags.ErrNoConnect or Flags.ErrSystem or Flags.ErrRpc or Flags.ErrAuthFailed => HypervisorErrorKind.ConnectionFailed,
        Flags.ErrOperationTimeout => HypervisorErrorKind.Timeout,
        _ => HypervisorErrorKind.Other,
    };
}
