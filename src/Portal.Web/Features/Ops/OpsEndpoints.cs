using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Inventory;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Vms;
using Portal.Web.Security;

namespace Portal.Web.Features.Ops;

/// <summary>
/// The ops panels and dialogs of the VM page, as htmx fragments. Reading follows the VM page (a VM of another
/// tenant is not found); every change is a POST with an antiforgery token, and only Ops and Admin get past
/// <see cref="OperationRunner"/>, which records refused attempts too.
/// </summary>
public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var vm = routes.MapGroup("/vms/{id:int}/ops");
        vm.MapGet("/disks", DisksPanelAsync);
        vm.MapGet("/changes", ChangesAsync);
        vm.MapGet("/disks/new", NewDiskAsync);
        vm.MapPost("/disks/form", DiskFormAsync).RequireAntiforgery();
        vm.MapPost("/disks", AttachAsync).RequireAntiforgery();
        vm.MapGet("/disks/{target}/remove", ConfirmRemoveAsync);
        vm.MapPost("/disks/{target}/remove", RemoveAsync).RequireAntiforgery();
        vm.MapGet("/memory", MemoryAsync);
        vm.MapPost("/memory/form", MemoryFormAsync).RequireAntiforgery();
        vm.MapPost("/memory", SetMemoryAsync).RequireAntiforgery();
        return routes;
    }

    private static async Task<IResult> DisksPanelAsync(int id, HttpContext http, VmDirectory directory, CancellationToken cancellationToken) =>
        await directory.FindAsync(http.User.Scope(), id, cancellationToken) is { } vm
            ? Fragment<DisksPanel>(new { Vm = vm, CanChange = OperationRunner.MayChange(http.User), ShowSources = http.User.IsStaff() })
            : TypedResults.NotFound();

    private static async Task<IResult> ChangesAsync(int id, HttpContext http, VmDirectory directory, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(http.User.Scope(), id, cancellationToken) is not { } vm) return TypedResults.NotFound();
        var changes = await audit.ChangesOfVmAsync(vm.Id, cancellationToken);
        return Fragment<VmChanges>(new { VmId = vm.Id, Changes = changes, ShowUsers = http.User.IsStaff() });
    }

    private static Task<IResult> NewDiskAsync(int id, HttpContext http, VmDirectory directory, DiskOperations disks, CancellationToken cancellationToken) =>
        ForOpsAsync(id, http, directory, async vm =>
            Fragment<AttachDiskDialog>(new { Model = await disks.DialogAsync(vm, new DiskForm(), cancellationToken) }), cancellationToken);

    private static Task<IResult> DiskFormAsync(int id, HttpContext http, VmDirectory directory, DiskOperations disks, CancellationToken cancellationToken) =>
        ForOpsAsync(id, http, directory, async vm =>
        {
            var form = DiskForm.Read(await http.Request.ReadFormAsync(cancellationToken));
            return Fragment<AttachDiskDialog>(new { Model = await disks.DialogAsync(vm, form, cancellationToken) });
        }, cancellationToken);

    private static async Task<IResult> AttachAsync(int id, HttpContext http, VmDirectory directory, DiskOperations disks, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(http.User.Scope(), id, cancellationToken) is not { } vm) return TypedResults.NotFound();
        var form = DiskForm.Read(await http.Request.ReadFormAsync(cancellationToken));
        var (outcome, _) = await disks.AttachAsync(http.User, vm, form, cancellationToken);
        if (outcome.Status == OperationStatus.Invalid)
        {
            var dialog = await disks.DialogAsync(vm, form, cancellationToken);
            return Fragment<AttachDiskDialog>(new { Model = dialog with { Errors = outcome.Errors } }, StatusCodes.Status422UnprocessableEntity);
        }
        return Result(http, outcome, "Add a disk");
    }

    private static Task<IResult> ConfirmRemoveAsync(int id, string target, HttpContext http, VmDirectory directory, CancellationToken cancellationToken) =>
        ForOpsAsync(id, http, directory, vm => Task.FromResult(
            vm.Disks.FirstOrDefault(d => d.Target == target) is { } disk
                ? Fragment<RemoveDiskDialog>(new { Vm = vm, Disk = disk })
                : (IResult)TypedResults.NotFound()), cancellationToken);

    private static async Task<IResult> RemoveAsync(int id, string target, HttpContext http, VmDirectory directory, DiskOperations disks,
        CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(http.User.Scope(), id, cancellationToken) is not { } vm) return TypedResults.NotFound();
        var form = await http.Request.ReadFormAsync(cancellationToken);
        Guid? operation = Guid.TryParse(form["operation"], out var op) ? op : null;
        var outcome = await disks.DetachAsync(http.User, vm, target, operation, cancellationToken);
        return Result(http, outcome, $"Remove disk {target}");
    }

    private static Task<IResult> MemoryAsync(int id, HttpContext http, VmDirectory directory, MemoryOperations memory, CancellationToken cancellationToken) =>
        ForOpsAsync(id, http, directory, async vm =>
            Fragment<MemoryDialog>(new { Model = await memory.DialogAsync(vm, new MemoryForm(), cancellationToken) }), cancellationToken);

    private static Task<IResult> MemoryFormAsync(int id, HttpContext http, VmDirectory directory, MemoryOperations memory, CancellationToken cancellationToken) =>
        ForOpsAsync(id, http, directory, async vm =>
        {
            var form = MemoryForm.Read(await http.Request.ReadFormAsync(cancellationToken));
            return Fragment<MemoryDialog>(new { Model = await memory.DialogAsync(vm, form, cancellationToken) });
        }, cancellationToken);

    private static async Task<IResult> SetMemoryAsync(int id, HttpContext http, VmDirectory directory, MemoryOperations memory, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(http.User.Scope(), id, cancellationToken) is not { } vm) return TypedResults.NotFound();
        var form = MemoryForm.Read(await http.Request.ReadFormAsync(cancellationToken));
        var outcome = await memory.ApplyAsync(http.User, vm, form, cancellationToken);
        if (outcome.Status == OperationStatus.Invalid)
        {
            var dialog = await memory.DialogAsync(vm, form, cancellationToken);
            return Fragment<MemoryDialog>(new { Model = dialog with { Errors = outcome.Errors } }, StatusCodes.Status422UnprocessableEntity);
        }
        return Result(http, outcome, "Change memory");
    }

    /// <summary>Dialogs are for those who may change VMs; others get 403 (and 404 for a VM they cannot see).</summary>
    private static async Task<IResult> ForOpsAsync(int id, HttpContext http, VmDirectory directory, Func<Vm, Task<IResult>> render,
        CancellationToken cancellationToken = default)
    {
        if (await directory.FindAsync(http.User.Scope(), id, cancellationToken) is not { } vm) return TypedResults.NotFound();
        if (!OperationRunner.MayChange(http.User)) return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        return await render(vm);
    }

    private static RazorComponentResult<OperationResult> Result(HttpContext http, OperationOutcome outcome, string title)
    {
        var status = outcome.Status switch
        {
            OperationStatus.Forbidden => StatusCodes.Status403Forbidden,
            OperationStatus.Busy => StatusCodes.Status409Conflict,
            OperationStatus.Invalid => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status200OK,
        };
        // The page's disk list, facts and change list reload themselves on this event.
        if (status == StatusCodes.Status200OK) http.Response.Headers["HX-Trigger"] = "vm-changed";
        return Fragment<OperationResult>(new { Outcome = outcome, Title = title }, status);
    }

    private static RazorComponentResult<TComponent> Fragment<TComponent>(object parameters, int status = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TComponent>(parameters) { StatusCode = status };
}
