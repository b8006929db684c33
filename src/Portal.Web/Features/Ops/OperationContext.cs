using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Data;

namespace Portal.Web.Features.Ops;

/// <summary>What an operation's body works with: the VM's host, its definition right now, and its audit entry.</summary>
public sealed class OperationContext
{
    private readonly OperationRunner _runner;
    private readonly PortalDbContext _db;

    internal OperationContext(OperationRunner runner, PortalDbContext db, OperationRequest request, IHypervisorConnection host, DomainDescription domain,
        CancellationToken cancellationToken)
    {
        _runner = runner;
        _db = db;
        Request = request;
        Host = host;
        Domain = domain;
        CancellationToken = cancellationToken;
    }

    public OperationRequest Request { get; }
    public IHypervisorConnection Host { get; }
    public DomainDescription Domain { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// For calls to the host: the request's token until the change begins, then none. A change, once begun, is seen
    /// through even if the browser goes away, so its audit entry never stays half-written.
    /// </summary>
    public CancellationToken HostToken => Entry is null ? CancellationToken : CancellationToken.None;
    public Vm Vm => Request.Vm;
    internal AuditEntry? Entry { get; private set; }

    /// <summary>Invalid input: recorded as refused, and nothing is asked of the host.</summary>
    public async Task<OperationOutcome> RefuseAsync(IReadOnlyList<ValidationError> errors)
    {
        await _runner.RecordAsync(_db, Request, AuditOutcome.Refused, string.Join(" ", errors.Select(e => e.Message)));
        return OperationOutcome.Invalid(errors);
    }

    /// <summary>Valid: recorded as under way before the host is asked.</summary>
    public async Task BeginAsync() => Entry = await _runner.BeginAsync(_db, Request, CancellationToken);

    public async Task<OperationOutcome> CompleteAsync(OperationStatus status, string message, string? summary = null, string? error = null,
        VmEventKind? eventKind = null)
    {
        var entry = Entry ?? throw new InvalidOperationException("CompleteAsync before BeginAsync.");
        var outcome = status switch
        {
            OperationStatus.Succeeded => AuditOutcome.Succeeded,
            OperationStatus.Pending => AuditOutcome.Pending,
            _ => AuditOutcome.Failed,
        };
        var vmEvent = eventKind is { } kind && summary is not null ? new VmEvent(Vm.Id, _runner.Now, kind, summary) : null;
        await OperationRunner.CompleteAsync(_db, entry, outcome, summary, error, vmEvent);
        return new OperationOutcome(status, message, [], entry.Id);
    }
}
