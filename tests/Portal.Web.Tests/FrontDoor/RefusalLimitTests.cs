using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Data;
using Portal.Web.Features.Ops;
using Portal.Web.Security;
using Portal.Web.Tests.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.FrontDoor;

/// <summary>A portal that records at most five refusals per account and minute.</summary>
public sealed class FiveRefusalsPortal : PortalFactory
{
    public FiveRefusalsPortal() => Settings = new Dictionary<string, string> { ["Portal:FrontDoor:RefusalsPerMinute"] = "5" };
}

public class RefusalLimitTests(FiveRefusalsPortal portal) : IClassFixture<FiveRefusalsPortal>
{
    [Fact]
    public async Task An_account_that_keeps_trying_what_it_may_not_fills_the_audit_trail_only_up_to_the_limit()
    {
        var support = await portal.UserAsync("support@portal.example");
        var vm = await portal.VmAsync(support, "shop-web-01");
        int Rows(List<AuditEntry> all) => all.Count(a => a.UserName == "support@portal.example" && a.Outcome == AuditOutcome.Refused);
        var before = Rows(await AllAsync());

        var outcomes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            outcomes.Add((await portal.ApplyMemoryAsync(support, vm, OpsCalls.MemoryFormFor("6"))).Message);
            outcomes.Add((await portal.CreateTenantAsync(support, "Evil", "evil")).Message);
        }

        Assert.Equal(5, Rows(await AllAsync()) - before);
        // Every attempt is still refused with its reason; only the record stops.
        Assert.All(outcomes, m => Assert.True(m.Contains(OperationRunner.NotAllowed, StringComparison.Ordinal) || m == Portal.Web.Features.Admin.AdminAudit.NotAllowed, m));
        // Another account has its own allowance.
        Assert.False((await portal.CreateTenantAsync(await portal.UserAsync("ops@portal.example"), "Evil", "evil")).Succeeded);
        Assert.Equal(AuditOutcome.Refused, (await portal.LastAuditAsync(AuditActions.CreateTenant))!.Outcome);
        Assert.Equal("ops@portal.example", (await portal.LastAuditAsync(AuditActions.CreateTenant))!.UserName);
    }

    private Task<List<AuditEntry>> AllAsync() => portal.CallAsync<PortalDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking().ToListAsync());
}
