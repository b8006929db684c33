using Portal.Core.Hypervisor;

namespace Portal.Web.Features.Ops;

/// <summary>The add-disk dialog's fields, as entered; <see cref="DiskOperations"/> turns them into a request.</summary>
public sealed class DiskForm
{
    public const string ExistingImage = "existing";
    public const string NewImage = "new";
    public const string LiveAndPersistent = "both";
    public const string LiveOnly = "live";

    public Guid Operation { get; set; } = Guid.NewGuid();
    public string Source { get; set; } = ExistingImage;
    public string? Image { get; set; }
    public string? Location { get; set; }
    public string? NewName { get; set; }
    public string? NewSize { get; set; }
    public string Bus { get; set; } = "virtio";
    public string? Target { get; set; }
    public string Format { get; set; } = "raw";
    // Direct I/O with native AIO: what a hosting company runs production disks with.
    public string Cache { get; set; } = "none";
    public string Io { get; set; } = "native";
    public bool ReadOnly { get; set; }
    public string? Serial { get; set; }
    public string Scope { get; set; } = LiveAndPersistent;

    /// <summary>The image and bus the dialog showed last: a change of either re-proposes format and target.</summary>
    public string? ShownImage { get; set; }
    public string? ShownBus { get; set; }

    /// <summary>The fields as they are now, for an operation that must not see later edits.</summary>
    public DiskForm Copy() => (DiskForm)MemberwiseClone();

    public ChangeScope ChangeScope => Scope == LiveOnly ? ChangeScope.LiveOnly : ChangeScope.LiveAndPersistent;

    /// <summary>What the audit trail keeps of the request (the form's own bookkeeping left out).</summary>
    public object AuditParameters() => Source == NewImage
        ? new { source = NewImage, location = Location, newName = NewName, newSizeGiB = NewSize, bus = Bus, target = Target, format = Format, cache = Cache, io = Io, readOnly = ReadOnly, serial = Serial, scope = Scope }
        : new { source = ExistingImage, image = Image, bus = Bus, target = Target, format = Format, cache = Cache, io = Io, readOnly = ReadOnly, serial = Serial, scope = Scope };
}
