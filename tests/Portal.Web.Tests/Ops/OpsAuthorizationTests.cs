using System.Security.Claims;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Ops;
using Portal.Web.Security;

namespace Portal.Web.Tests.Ops;

/// <summary>What a role gets on a VM's page: not found, no changes (refused and recorded), or through to the checks.</summary>
public enum Access
{
    /// <summary>The VM does not exist for this user: the page finds nothing, so no dialog and no operation is reached.</summary>
    NotFound,
    /// <summary>The user may see the VM but not change it: an operation is refused and recorded.</summary>
    Forbidden,
    /// <summary>Ops and Admin: the dialogs open and a request gets through to validation.</summary>
    Allowed,
}

/// <summary>
/// Every configuration operation against every role: customers and support are refused and leave a refused audit
/// entry, a customer of another tenant never gets the VM (it does not exist for them), Ops and Admin get through to
/// validation. The requests that get through are invalid on purpose, so nothing changes. (Power actions, which
/// customers may take on their own VMs, are in <see cref="PowerAuthorizationTests"/>.)
/// </summary>
public sealed class OpsAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, string, Access> Matrix()
    {
        var data = new TheoryData<string, string, Access>();
        foreach (var action in AuditActions.VmOperations.Except(AuditActions.Power))
        {
            data.Add("alice@acme.example", action, Access.Forbidden);
            data.Add("support@portal.example", action, Access.Forbidden);
            data.Add("gus@globex.example", action, Access.NotFound);
            data.Add("ops@portal.example", action, Access.Allowed);
            data.Add("admin@portal.example", action, Access.Allowed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_what_it_may_on_each_operation(string email, string action, Access expected)
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        var user = await portal.UserAsync(email);
        var before = (await portal.Services.AuditAsync(vmId)).Count(a => a.UserName == email && a.Action == action);

        var vm = await portal.FindVmAsync(user, vmId);

        if (expected == Access.NotFound)
        {
            Assert.Null(vm);
            // Not a user who sees nothing at all: their own tenant's VM is there.
            Assert.NotNull(await portal.FindVmAsync(user, await portal.Services.VmIdAsync("globex-db-01")));
            Assert.Equal(before, (await portal.Services.AuditAsync(vmId)).Count(a => a.UserName == email && a.Action == action));
            return;
        }
        Assert.NotNull(vm);
        var outcome = await InvalidRequestAsync(action, user, vm);

        Assert.Equal(expected == Access.Forbidden ? OperationStatus.Forbidden : OperationStatus.Invalid, outcome.Status);
        if (expected == Access.Allowed) Assert.NotEmpty(outcome.Errors);
        var entries = (await portal.Services.AuditAsync(vmId)).Where(a => a.UserName == email && a.Action == action).ToList();
        Assert.Equal(before + 1, entries.Count);
        Assert.Equal(AuditOutcome.Refused, entries[^1].Outcome);
        if (expected == Access.Forbidden) Assert.Contains("Only Ops and Admin", entries[^1].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@acme.example", Access.Forbidden)]
    [InlineData("support@portal.example", Access.Forbidden)]
    [InlineData("gus@globex.example", Access.NotFound)]
    [InlineData("ops@portal.example", Access.Allowed)]
    public async Task Dialogs_open_only_for_ops(string email, Access expected)
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        var user = await portal.UserAsync(email);

        var vm = await portal.FindVmAsync(user, vmId);

        if (expected == Access.NotFound)
        {
            Assert.Null(vm);
            return;
        }
        Assert.NotNull(vm);
        // The page offers the add-disk, memory and remove dialogs only where a change can work.
        var canChange = OperationRunner.MayChange(user) && vm.Present;
        Assert.Equal(expected == Access.Allowed, canChange);
        if (!canChange) return;

        var form = new DiskForm();
        var (disks, _, check) = await portal.CallAsync<DiskOperations, (DiskDialogData, string?, DiskCheck)>(d => d.DialogAsync(user, vm, form, CancellationToken.None));
        Assert.Null(disks.HostError);
        Assert.Empty(check.Errors);
        Assert.NotNull(check.PreviewXml);
        var memory = await portal.CallAsync<MemoryOperations, MemoryDialogData>(m => m.LoadAsync(user, vm, CancellationToken.None));
        Assert.Null(memory.HostError);
        var memoryForm = MemoryOperations.FormFor(memory);
        Assert.Equal(("8", "GiB"), (memoryForm.Size, memoryForm.Unit));
        Assert.Contains(vm.Disks, d => d.Target == "vda");
    }

    [Fact]
    public async Task Customers_see_the_changes_list_but_may_not_change_the_vm()
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        var customer = await portal.UserAsync("alice@acme.example");
        var ops = await portal.UserAsync("ops@portal.example");

        var customerVm = await portal.FindVmAsync(customer, vmId);
        var opsVm = await portal.FindVmAsync(ops, vmId);
        var changes = await portal.CallAsync<AuditLog, IReadOnlyList<AuditRow>>(a => a.ChangesOfVmAsync(customer.Scope(), vmId, CancellationToken.None));

        // What the page hands its panels: no ops controls and no host paths (staff only) for the customer.
        Assert.NotNull(customerVm);
        Assert.False(OperationRunner.MayChange(customer));
        Assert.False(customer.IsStaff());
        Assert.Contains(changes, c => c.Summary?.Contains("Memory 4 GiB → 8 GiB", StringComparison.Ordinal) == true);
        Assert.NotNull(opsVm);
        Assert.True(OperationRunner.MayChange(ops) && opsVm.Present);
        Assert.True(ops.IsStaff());
    }

    private Task<OperationOutcome> InvalidRequestAsync(string action, ClaimsPrincipal user, Vm vm) => action switch
    {
        AuditActions.AttachDisk => AttachInvalidAsync(user, vm),
        AuditActions.DetachDisk => portal.DetachAsync(user, vm, "vdz"),
        _ => portal.ApplyMemoryAsync(user, vm, OpsCalls.MemoryFormFor("lots")),
    };

    private async Task<OperationOutcome> AttachInvalidAsync(ClaimsPrincipal user, Vm vm) =>
        (await portal.AttachAsync(user, vm, OpsCalls.DiskFormFor("default/none.raw", "vdz", ("cache", "writeback"), ("io", "native")))).Outcome;
}
