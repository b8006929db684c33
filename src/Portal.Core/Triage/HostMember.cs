namespace Portal.Core.Triage;

/// <summary>
/// One VM of a host with its triage over the same window. <see cref="Name"/> is null for a VM the viewer may not
/// know about (another tenant's): it still counts, unnamed.
/// </summary>
public sealed record HostMember(int VmId, string? Name, TriageReport Report);
