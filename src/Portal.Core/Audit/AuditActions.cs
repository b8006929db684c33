namespace Portal.Core.Audit;

/// <summary>The action names audit entries carry; stored, so never renamed.</summary>
public static class AuditActions
{
    public const string AttachDisk = "disk.attach";
    public const string DetachDisk = "disk.detach";
    public const string SetMemory = "memory.set";

    public static readonly IReadOnlyList<string> All = [AttachDisk, DetachDisk, SetMemory];

    public static string Describe(string action) => action switch
    {
        AttachDisk => "Add disk",
        DetachDisk => "Remove disk",
        SetMemory => "Change memory",
        _ => action,
    };
}
