using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Features.Account;
using Portal.Web.Security;

namespace Portal.Web.Tests.Components;

/// <summary>
/// Components rendered by bUnit against the real portal's services (the demo on its own SQLite file): MudBlazor's
/// services, JS interop answering loosely, and a signed-in user with the roles and tenant claim the portal gives.
/// </summary>
public abstract class PortalComponentTest : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly AsyncServiceScope _scope;

    protected PortalComponentTest(PortalFactory portal)
    {
        Portal = portal;
        _scope = portal.Services.CreateAsyncScope();
        Context = new BunitContext();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        Authorization = Context.AddAuthorization();
        // As in a circuit: the components under test are interactive.
        Context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    /// <summary>bUnit's context; MudBlazor's services need it disposed asynchronously (see DisposeAsync).</summary>
    protected BunitContext Context { get; }

    protected BunitServiceProvider Services => Context.Services;

    protected BunitJSInterop JSInterop => Context.JSInterop;

    protected IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        Context.Render(parameters);

    protected PortalFactory Portal { get; }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs in as a demo account: its role, the policies that role meets, and a customer's tenant.</summary>
    protected async Task<ClaimsPrincipal> SignInAsync(string email)
    {
        var account = DemoAccounts.All.Single(a => a.Email == email);
        Authorization.SetAuthorized(email).SetRoles(account.Role).SetPolicies(PoliciesOf(account.Role));
        if (account.TenantSlug is { } slug)
        {
            await using var db = NewContext();
            var tenantId = await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
            Authorization.SetClaims(new Claim(PortalClaims.TenantId, tenantId.ToString(CultureInfo.InvariantCulture)));
        }
        var auth = await Services.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>().GetAuthenticationStateAsync();
        return auth.User;
    }

    protected PortalDbContext NewContext() => _scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    protected async Task<int> VmIdAsync(string name)
    {
        await using var db = NewContext();
        return await db.Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }

    private static string[] PoliciesOf(string role) => role switch
    {
        Roles.Admin => [Policies.Staff, Policies.Ops, Policies.Admin],
        Roles.Ops => [Policies.Staff, Policies.Ops],
        Roles.Support => [Policies.Staff],
        _ => [],
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
