using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>
/// What the add-disk dialog reads from the host when it opens: the VM's definition and the images of the configured
/// storage pools, each judged. <see cref="HostError"/> when the host could not be asked.
/// </summary>
public sealed record DiskDialogData(
    Vm Vm,
    IHypervisorConnection? Host,
    DomainDescription? Domain,
    StorageCatalog Storage,
    string? HostError)
{
    public bool VmRunning => Domain?.State == VmState.Running;

    public IReadOnlyList<StorageLocation> Locations => Storage.Locations;
}

/// <summary>The errors a request would meet and the device XML it would apply (null until the fields are well-formed).</summary>
public sealed record DiskCheck(IReadOnlyList<ValidationError> Errors, string? PreviewXml)
{
    public string? ErrorFor(string field) => Errors.MessageFor(field);
}

/// <summary>
/// The configured storage pools of one host as libvirt listed them at one moment, each volume judged by
/// <see cref="DiskSources"/>; a pool the host could not list has its <see cref="StorageLocation.Error"/>.
/// </summary>
public sealed record StorageCatalog(IReadOnlyList<StorageLocation> Locations)
{
    public static readonly StorageCatalog Empty = new([]);

    /// <summary>The image the dialog's list names <paramref name="key"/> (<c>pool/volume</c>), if a pool listed it.</summary>
    public ImageChoice? Find(string? key) =>
        key is null ? null : Locations.SelectMany(l => l.Images).FirstOrDefault(i => i.Key == key);

    public StorageLocation? Location(string? pool) => Locations.FirstOrDefault(l => l.Pool == pool);
}

/// <summary>A configured pool with its images (files and block devices) as listed; <see cref="Error"/> when the host could not list it.</summary>
public sealed record StorageLocation(string Pool, StoragePoolContents? Contents, IReadOnlyList<ImageChoice> Images, string? Error);

/// <summary>
/// An image of a pool as the dialog offers it for one VM (<see cref="OnThisVm"/>: that VM has it already);
/// <see cref="Problem"/> says why it cannot be attached, if it cannot.
/// </summary>
public sealed record ImageChoice(ImageAssessment Assessment, bool OnThisVm)
{
    public static string KeyOf(string pool, string volume) => $"{pool}/{volume}";

    public StorageVolume Volume => Assessment.Volume;
    public string Key => KeyOf(Volume.Pool, Volume.Name);
    public DiskFormat? Format => Assessment.Format;
    public string? Problem => OnThisVm ? $"{Volume.Name} is already attached to this VM." : Assessment.Problem;
}
