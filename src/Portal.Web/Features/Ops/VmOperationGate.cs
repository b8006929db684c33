using Portal.Core.Concurrency;

namespace Portal.Web.Features.Ops;

/// <summary>
/// One change at a time per VM in this portal process: a second change waits briefly, then is told to retry.
/// (Two portal processes changing the same VM are not serialized by this; see the README.)
/// </summary>
public sealed class VmOperationGate : KeyedGate;
