using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Ops;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Every power action against every role, on a running VM of Acme's: its customer, Ops and Admin get through to the
/// state check (the request, a start of a running VM, is refused there, so nothing changes); Support is refused; a
/// customer of another tenant is answered as for a VM that does not exist. Each attempt leaves a refused audit entry.
/// </summary>
public sealed class PowerAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, string, OperationStatus> Matrix()
    {
        var data = new TheoryData<string, string, OperationStatus>();
        foreach (var action in AuditActions.Power)
        {
            data.Add("alice@acme.example", action, OperationStatus.Invalid);
            data.Add("support@portal.example", action, OperationStatus.Forbidden);
            data.Add("gus@globex.example", action, OperationStatus.NotFound);
            data.Add("ops@portal.example", action, OperationStatus.Invalid);
            data.Add("admin@portal.example", action, OperationStatus.Invalid);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_what_it_may_on_each_power_action(string email, string action, OperationStatus expected)
    {
        var power = PowerRules.All.Single(a => PowerRules.AuditAction(a) == action);
        // A request that does not fit: a start of a running VM, any other action on one that is shut off.
        var name = power == PowerAction.Start ? "shop-web-01" : "shop-staging-01";
        var vmId = await portal.Services.VmIdAsync(name);
        var user = await portal.UserAsync(email);
        // The VM as staff's page has it: a customer of another tenant has no page for it, and is asked all the same.
        var vm = await portal.FindVmAsync(user, vmId) ?? await portal.VmAsync(await portal.UserAsync("ops@portal.example"), name);
        Assert.False(PowerRules.Fits(power, vm.State));
        var before = (await portal.Services.AuditAsync(vmId)).Count(a => a.UserName == email);

        var outcome = await portal.PowerAsync(user, vm, power);
        var mayPower = portal.Services.CreateScope().ServiceProvider.GetRequiredService<PowerOperations>().MayPower(user, vm);

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(expected == OperationStatus.Invalid, mayPower);
        var entries = (await portal.Services.AuditAsync(vmId)).Where(a => a.UserName == email).ToList();
        Assert.Equal(before + 1, entries.Count);
        Assert.Equal((action, AuditOutcome.Refused), (entries[^1].Action, entries[^1].Outcome));
        var error = expected switch
        {
            OperationStatus.Invalid => PowerRules.Refusal(power, vm.State, name),
            OperationStatus.NotFound => ChangePolicy.NotFound,
            _ => ChangePolicy.PowerReserved,
        };
        Assert.Equal(error, entries[^1].Error);
    }
}
