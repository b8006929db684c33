using Portal.Core.Concurrency;

namespace Portal.Collector;

/// <summary>
/// One writer of a host's inventory at a time in this process: the sweep, the event recorder and a change made
/// through the portal all re-read the host, and an older reading must not overwrite a newer one half-way.
/// </summary>
public sealed class InventoryGate : KeyedGate;
