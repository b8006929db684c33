using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>
/// What the add-disk dialog reads from the host when it opens: the VM's definition, the images of every storage
/// location, and which images other VMs on the host use. <see cref="HostError"/> when the host could not be asked.
/// </summary>
public sealed record DiskDialogData(
    Vm Vm,
    IHypervisorConnection? Host,
    DomainDescription? Domain,
    IReadOnlyDictionary<string, string> Attached,
    IReadOnlyList<StorageLocation> Locations,
    string? HostError)
{
    public bool VmRunning => Domain?.State == VmState.Running;
}

/// <summary>The errors a request would meet and the device XML it would apply (null until the fields are well-formed).</summary>
public sealed record DiskCheck(IReadOnlyList<ValidationError> Errors, string? PreviewXml)
{
    public string? ErrorFor(string field) => Errors.MessageFor(field);
}

/// <summary>A storage location and its images; <see cref="Error"/> when the host could not list it.</summary>
public sealed record StorageLocation(string Root, IReadOnlyList<ImageChoice> Images, string? Error);

/// <summary>An image and, when it is in use, the VM that has it.</summary>
public sealed record ImageChoice(string Path, DiskFormat? Format, long CapacityBytes, string? AttachedTo);
