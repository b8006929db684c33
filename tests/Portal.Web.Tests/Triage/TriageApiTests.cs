using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Triage;
using Portal.Data;
using Portal.Simulator;
using Portal.Web.Features.Triage;
using Portal.Web.Features.Vms;
using Portal.Web.Security;
using Portal.Web.Tests.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Triage;

/// <summary>Triage through the API on the demo: the incident on shop-web-01, and who may ask for what.</summary>
public class TriageApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DemoIncident Incident = DemoIncident.TwoDaysBefore(DateTime.UtcNow);

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static DateTime Time(JsonElement e) => DateTime.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Theory]
    [InlineData("support@portal.example")]
    [InlineData("alice@acme.example")]
    public async Task The_demo_incident_reads_out_of_memory_first_with_the_network_collapse_as_its_symptom_and_8_GiB_with_a_restart(string email)
    {
        using var client = await portal.SignedInAsync(email);
        var vmId = await portal.Services.VmIdAsync(DemoIncident.VmName);

        var json = await GetJsonAsync(client, $"/api/vms/{vmId}/triage?at={TriageRequest.Iso(Incident.NetworkFalls)}");

        var triage = json.GetProperty("triage");
        var findings = triage.GetProperty("findings").EnumerateArray().ToList();
        var memory = findings[0];
        Assert.Equal(("memory", "cause", "Out of memory"), (memory.GetProperty("resource").GetString(), memory.GetProperty("kind").GetString(), memory.GetProperty("title").GetString()));
        var onset = Time(memory.GetProperty("onset"));
        Assert.True(onset > Incident.DayUtc.AddHours(20).AddMinutes(10) && onset <= Incident.SwapStorm, $"memory onset {onset:HH:mm}");
        var fix = memory.GetProperty("recommendation");
        Assert.Equal(("raiseMemory", DemoIncident.MemoryAfterKiB, true),
            (fix.GetProperty("action").GetString(), fix.GetProperty("memoryKiB").GetInt64(), fix.GetProperty("needsRestart").GetBoolean()));
        var network = Assert.Single(findings, f => f.GetProperty("resource").GetString() == "network" && f.GetProperty("kind").GetString() == "symptom");
        Assert.Equal((Incident.NetworkFalls, "Out of memory"), (Time(network.GetProperty("onset")), network.GetProperty("causedBy").GetString()));
        Assert.True(findings.IndexOf(network) > 0);
        var cpu = Assert.Single(findings, f => f.GetProperty("resource").GetString() == "cpu");
        Assert.Equal(("clear", "CPU not saturated"), (cpu.GetProperty("kind").GetString(), cpu.GetProperty("title").GetString()));
        Assert.Contains("none saturated", cpu.GetProperty("sentence").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Out of memory from 20:", triage.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(findings, f => f.GetProperty("kind").GetString() == "event" && f.GetProperty("title").GetString() == "Restarted");
        Assert.Equal("UTC", json.GetProperty("timeZone").GetString());
        // Customers are not told where their VMs run.
        Assert.Equal(email.StartsWith("support", StringComparison.Ordinal), json.TryGetProperty("host", out _));
    }

    [Fact]
    public async Task Another_tenant_s_vm_is_404_the_host_view_is_staff_only_and_anonymous_callers_get_401()
    {
        using var alice = await portal.SignedInAsync("alice@acme.example");
        using var support = await portal.SignedInAsync("support@portal.example");
        using var anonymous = portal.NewClient();
        var foreign = await portal.Services.VmIdAsync("globex-db-01");
        var own = await portal.Services.VmIdAsync(DemoIncident.VmName);

        using var other = await alice.GetAsync(new Uri($"/api/vms/{foreign}/triage", UriKind.Relative));
        using var missing = await alice.GetAsync(new Uri("/api/vms/999999/triage", UriKind.Relative));
        using var host = await alice.GetAsync(new Uri("/api/hosts/node-a/triage", UriKind.Relative));
        using var noSession = await anonymous.GetAsync(new Uri($"/api/vms/{own}/triage", UriKind.Relative));
        using var noHost = await support.GetAsync(new Uri("/api/hosts/node-z/triage", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        // Another tenant's VM reads exactly like one that does not exist (apart from the request's trace id).
        static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        Assert.Equal(WithoutTrace(await missing.Content.ReadAsStringAsync()), WithoutTrace(await other.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, host.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noHost.StatusCode);

        var view = await GetJsonAsync(support, $"/api/hosts/node-a/triage?at={TriageRequest.Iso(Incident.NetworkFalls)}");
        var vms = view.GetProperty("vms").EnumerateArray().ToList();
        Assert.Equal(DemoFleet.OnHost("node-a").Count(), vms.Count);
        Assert.Equal(DemoIncident.VmName, vms[0].GetProperty("name").GetString()); // it changed most
        Assert.Equal("Out of memory", vms[0].GetProperty("lead").GetString());
    }

    [Theory]
    [InlineData("from=junk", "'from' is not a time")]
    [InlineData("from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "end after it starts")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z", "at most 7 d")]
    [InlineData("at=2026-11-20T20:50:00Z&before=1", "'before' and 'after' are minutes")]
    [InlineData("at=soon", "'at' is not a time")]
    public async Task Bad_windows_get_a_clear_400(string query, string message)
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        using var response = await client.GetAsync(new Uri($"/api/vms/{await portal.Services.VmIdAsync(DemoIncident.VmName)}/triage?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_s_baselines_never_reach_into_a_time_their_tenant_did_not_own_the_vm()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var gus = await portal.UserAsync("gus@globex.example");
        var vmId = await portal.Services.VmIdAsync("shop-web-02");
        Assert.All(await portal.AssignAsync(admin, await portal.TenantIdAsync("globex"), vmId), o => Assert.True(o.Succeeded, o.Message));
        // Globex has owned it for three hours: move the hand-over back (the assignment itself is written to the host now).
        var handover = DateTime.UtcNow.AddHours(-3);
        await portal.CallAsync<PortalDbContext, int>(async db =>
            await db.VmOwnerships.Where(o => o.VmId == vmId && o.ToUtc != null).ExecuteUpdateAsync(s => s.SetProperty(o => o.ToUtc, handover))
            + await db.VmOwnerships.Where(o => o.VmId == vmId && o.ToUtc == null).ExecuteUpdateAsync(s => s.SetProperty(o => o.FromUtc, handover)));
        var window = new TriageWindow(DateTime.UtcNow.AddHours(-2), DateTime.UtcNow);

        var (forGus, seriesForGus) = await ReadAsync(gus, vmId, window);
        var (forStaff, _) = await ReadAsync(admin, vmId, window);

        Assert.Equal([BaselineKind.JustBefore], forGus.Report.Baselines);
        Assert.Equal([BaselineKind.JustBefore, BaselineKind.DayEarlier, BaselineKind.WeekEarlier], forStaff.Report.Baselines);
        var baseline = Assert.Single(seriesForGus.Baselines).Set;
        var times = baseline.Series.SelectMany(s => s.Values.Select((v, i) => (v, t: baseline.Plan.GridStart + baseline.Plan.Bucket * i))).Where(x => !float.IsNaN(x.v)).Select(x => x.t).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.True(t >= handover.AddMinutes(-5), $"globex's baseline has a point of {t:O}, before it owned the VM ({handover:O})"));
    }

    private async Task<(VmTriage Triage, TriageReads.Series Series)> ReadAsync(System.Security.Claims.ClaimsPrincipal user, int vmId, TriageWindow window)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var triage = await scope.ServiceProvider.GetRequiredService<TriageService>().ForVmAsync(user.Scope(), vmId, window, TimeZoneInfo.Utc);
        var visible = await scope.ServiceProvider.GetRequiredService<VmDirectory>().VisibleTimeAsync(user.Scope(), vmId);
        var series = await scope.ServiceProvider.GetRequiredService<TriageReads>().OneAsync(vmId, window, visible!, CancellationToken.None);
        return (triage!, series);
    }
}
