namespace Portal.Core.Metrics;

/// <summary>The values of one VM's series at one instant. A series without a value this time is simply absent.</summary>
public sealed record VmSample(int VmId, DateTime TimeUtc, IReadOnlyDictionary<SeriesKey, double> Values);
