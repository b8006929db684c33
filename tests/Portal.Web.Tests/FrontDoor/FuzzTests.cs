using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Features.Account;
using Portal.Web.Features.Admin;
using Portal.Web.Features.Ops;
using Portal.Web.Tests.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.FrontDoor;

/// <summary>
/// 1,000 random inputs (junk, NUL, huge, path-like, markup) to every HTTP endpoint that takes input and to the services
/// the ops and admin dialogs call, as an Ops and as an Admin user: no 5xx, no unhandled exception logged, and the
/// fleet, tenants and accounts unchanged by every request that did not succeed.
/// </summary>
public class FuzzTests(FuzzTests.RecordingPortal portal) : IClassFixture<FuzzTests.RecordingPortal>
{
    private const int HttpInputs = 600;
    private const int ServiceInputs = 400;

    /// <summary>The demo portal, recording every error its logs report with an exception.</summary>
    public sealed class RecordingPortal : PortalFactory
    {
        public ConcurrentQueue<string> Errors { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new ErrorRecorder(Errors)));
        }
    }

    [Fact]
    public async Task Random_input_to_every_endpoint_and_dialog_service_never_fails_or_changes_what_it_refused()
    {
        var random = new Random(20261128);
        var vmIds = await portal.CallAsync<PortalDbContext, List<int>>(db => db.Vms.Select(v => v.Id).ToListAsync());
        using var ops = await portal.SignedInAsync("ops@portal.example");
        using var admin = await portal.SignedInAsync("admin@portal.example");
        using var anonymous = portal.NewClient();
        var loginToken = (await anonymous.GetPageAsync(AccountPaths.Login)).AntiforgeryToken();

        for (var i = 0; i < HttpInputs; i++)
        {
            var client = i % 3 == 0 ? anonymous : i % 3 == 1 ? ops : admin;
            using var request = NextRequest(random, vmIds, loginToken);
            using var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{request.Method} {Shorten(request.RequestUri!.ToString())} answered {(int)response.StatusCode}");
        }

        var opsUser = await portal.UserAsync("ops@portal.example");
        var adminUser = await portal.UserAsync("admin@portal.example");
        var vms = new List<Portal.Core.Inventory.Vm>();
        foreach (var name in new[] { "shop-db-01", "globex-api-01", "shop-staging-01" }) vms.Add(await portal.VmAsync(adminUser, name));
        for (var i = 0; i < ServiceInputs; i++)
        {
            var user = i % 2 == 0 ? opsUser : adminUser;
            var before = await FleetAsync();
            var (what, succeeded) = await NextCallAsync(random, user, vms[random.Next(vms.Count)], vmIds);
            if (!succeeded) Assert.True(before == await FleetAsync(), $"{what} was refused but changed the fleet");
        }

        Assert.True(portal.Errors.IsEmpty, string.Join(Environment.NewLine, portal.Errors.Distinct().Take(10)));
    }

    private static HttpRequestMessage NextRequest(Random random, List<int> vmIds, string loginToken)
    {
        string V() => Uri.EscapeDataString(Value(random));
        var id = random.Next(4) == 0 ? random.Next(-5, 1_000_000) : vmIds[random.Next(vmIds.Count)];
        switch (random.Next(9))
        {
            case 0: return Get($"/api/vms?q={V()}&tenant={V()}&host={V()}&sort={V()}&desc={V()}&page={V()}&size={V()}");
            case 1: return Get($"/api/vms/{id}/metrics?from={V()}&to={V()}&points={V()}&agg={V()}");
            case 2: return Get($"/api/vms/{id}/metrics.csv?from={V()}&to={V()}&points={V()}");
            case 3: return Get($"/vms?q={V()}&tenant={V()}&host={V()}&sort={V()}&desc={V()}&page={V()}");
            case 4: return Get($"/vms/{id}?range={V()}&from={V()}&to={V()}");
            case 5: return Get($"/audit?tenant={V()}&vm={V()}&user={V()}&action={V()}&outcome={V()}&from={V()}&to={V()}&sort={V()}&page={V()}");
            case 6: return Get($"{(random.Next(2) == 0 ? AccountLinks.InvitationPath : AccountLinks.ResetPath)}?user={V()}&token={V()}");
            case 7:
                return Post(random.Next(3) switch { 0 => AccountPaths.Login, 1 => AccountLinks.ResetPath + "?user=" + V(), _ => AccountPaths.Logout }, new()
                {
                    ["_handler"] = random.Next(2) == 0 ? "login" : Value(random),
                    ["__RequestVerificationToken"] = random.Next(2) == 0 ? loginToken : Value(random),
                    ["Input.Email"] = Value(random),
                    ["Input.Password"] = Value(random),
                    ["Input.Confirm"] = Value(random),
                    [Value(random)] = Value(random),
                });
            default: return Post(AccountPaths.LoginTwoFactor + "?ReturnUrl=" + V(), new() { ["Input.Code"] = Value(random), ["__RequestVerificationToken"] = loginToken });
        }
    }

    private async Task<(string What, bool Succeeded)> NextCallAsync(Random random, ClaimsPrincipal user, Portal.Core.Inventory.Vm vm, List<int> vmIds)
    {
        string? S() => random.Next(8) == 0 ? null : Value(random);
        switch (random.Next(7))
        {
            case 0:
            {
                var form = new DiskForm
                {
                    Source = random.Next(2) == 0 ? DiskForm.NewImage : S()!, Image = S(), Location = S(), NewName = S(), NewSize = S(),
                    Bus = S()!, Target = S(), Format = S()!, Cache = S()!, Io = S()!, ReadOnly = random.Next(2) == 0, Serial = S(), Scope = S()!,
                };
                var (outcome, _) = await portal.AttachAsync(user, vm, form);
                return ($"add disk {Shorten(form.Image ?? form.NewName ?? "")}", outcome.Status == OperationStatus.Succeeded);
            }
            case 1:
            {
                var outcome = await portal.DetachAsync(user, vm, S() ?? "");
                return ("remove disk", outcome.Status is OperationStatus.Succeeded or OperationStatus.Pending);
            }
            case 2:
            {
                var form = new MemoryForm { Size = S(), Unit = random.Next(3) == 0 ? S()! : "GiB", Apply = random.Next(2) == 0 ? S()! : MemoryForm.NextStart };
                var outcome = await portal.ApplyMemoryAsync(user, vm, form);
                return ($"memory {Shorten(form.Size ?? "")}", outcome.Status == OperationStatus.Succeeded);
            }
            case 3:
            {
                var outcome = await portal.CreateTenantAsync(user, S(), S());
                return ("create tenant", outcome.Succeeded);
            }
            case 4:
            {
                var outcome = await portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.RenameAsync(user, random.Next(-2, 6), S()));
                return ("rename tenant", outcome.Succeeded);
            }
            case 5:
            {
                var outcome = random.Next(2) == 0
                    ? await portal.InviteAsync(user, S() ?? "", S() ?? "", random.Next(3) == 0 ? null : random.Next(-2, 6))
                    : await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.ChangeAsync(user, S() ?? "", S(), random.Next(3) == 0 ? null : random.Next(-2, 6)));
                return ("invite or change user", outcome.Succeeded);
            }
            default:
            {
                var ids = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(3) == 0 ? random.Next(-5, 100_000) : vmIds[random.Next(vmIds.Count)]).ToArray();
                var outcomes = await portal.AssignAsync(user, random.Next(3) == 0 ? null : random.Next(-2, 6), ids);
                return ("assign VMs", outcomes.Any(o => o.Succeeded));
            }
        }
    }

    /// <summary>Junk, NUL, huge, path-like, markup and number-like values, and now and then a plausible one.</summary>
    private static string Value(Random random) => random.Next(12) switch
    {
        0 => "",
        1 => "a\0b" + new string('\0', random.Next(1, 4)),
        2 => new string((char)random.Next(33, 127), random.Next(10_000, 200_000)),
        3 => "../../../../etc/passwd",
        4 => "/var/lib/libvirt/images/../../../etc/shadow",
        5 => "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
        6 => random.Next(2) == 0 ? "-1" : "99999999999999999999999",
        7 => "%00%ff%fe\u202e\uFFFF" + Encoding.UTF8.GetString([0xF0, 0x9F, 0x92, 0xA9]),
        8 => random.Next(2) == 0 ? "1e309" : "NaN",
        9 => new[] { "vdb", "virtio", "qcow2", "none", "native", "live", "6", "acme", "ops@portal.example", "Customer", "24h" }[random.Next(11)],
        10 => "'; DROP TABLE \"Vms\"; --",
        _ => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
    };

    private async Task<string> FleetAsync() =>
        await portal.TenancySnapshotAsync() + "\n" + await portal.CallAsync<PortalDbContext, string>(async db =>
            string.Join("\n", await db.Vms.AsNoTracking().Include(v => v.Disks).OrderBy(v => v.Id)
                .Select(v => new { v.Id, v.MemoryKiB, v.MaxMemoryKiB, v.NextStartMemoryKiB, v.NextStartMaxMemoryKiB, Disks = v.Disks.Select(d => d.Target + d.Source).ToList() })
                .Select(v => $"{v.Id}:{v.MemoryKiB}:{v.MaxMemoryKiB}:{v.NextStartMemoryKiB}:{v.NextStartMaxMemoryKiB}:{string.Join(",", v.Disks.OrderBy(d => d))}")
                .ToListAsync()));

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Post(string url, Dictionary<string, string> fields) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.DistinctBy(f => f.Key)) };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private sealed class ErrorRecorder(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, errors);
        public void Dispose() { }

        private sealed class Recorder(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error && exception is not null) errors.Enqueue($"{category}: {formatter(state, exception)} {exception.GetType().Name}: {exception.Message}");
            }
        }
    }
}
