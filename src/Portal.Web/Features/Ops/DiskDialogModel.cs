using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>Everything the add-disk dialog shows: the form, the images to choose from, errors, the XML to apply.</summary>
public sealed record DiskDialogModel(
    Vm Vm,
    DiskForm Form,
    bool VmRunning,
    IReadOnlyList<StorageLocation> Locations,
    IReadOnlyList<ValidationError> Errors,
    string? PreviewXml,
    string? Notice,
    string? HostError = null)
{
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public IEnumerable<ValidationError> OtherErrors(params string[] shownFields) => Errors.Where(e => !shownFields.Contains(e.Field));
}

/// <summary>A storage location and its images; <see cref="Error"/> when the host could not list it.</summary>
public sealed record StorageLocation(string Root, IReadOnlyList<ImageChoice> Images, string? Error);

/// <summary>An image and, when it is in use, the VM that has it.</summary>
public sealed record ImageChoice(string Path, DiskFormat? Format, long CapacityBytes, string? AttachedTo);
