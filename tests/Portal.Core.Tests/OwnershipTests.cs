using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;

namespace Portal.Core.Tests;

public class OwnershipTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static Vm NewVm() => Vm.From(new DomainDescription(Guid.NewGuid(), "web", VmState.Running, 2, 1 << 20, 1 << 20, "acme", [], []), 1, 1);

    [Fact]
    public void A_vm_first_seen_with_a_tenant_is_theirs_since_always()
    {
        var first = VmOwnership.Transfer(NewVm(), null, 1, T0, firstSighting: true);

        Assert.NotNull(first);
        Assert.Equal(1, first.TenantId);
        Assert.Null(first.FromUtc);
        Assert.True(first.IsOpen);
    }

    [Fact]
    public void A_change_of_tenant_ends_the_open_period_and_starts_the_next_at_the_same_moment()
    {
        var vm = NewVm();
        var acme = VmOwnership.Transfer(vm, null, 1, T0, firstSighting: true)!;

        var umbrella = VmOwnership.Transfer(vm, acme, 2, T0.AddDays(1));

        Assert.Equal(T0.AddDays(1), acme.ToUtc);
        Assert.Equal(T0.AddDays(1), umbrella!.FromUtc);
        Assert.Equal(2, umbrella.TenantId);
    }

    [Fact]
    public void The_same_tenant_again_changes_nothing_and_unassigning_opens_nothing()
    {
        var vm = NewVm();
        var acme = VmOwnership.Transfer(vm, null, 1, T0)!;

        Assert.Null(VmOwnership.Transfer(vm, acme, 1, T0.AddHours(1)));
        Assert.True(acme.IsOpen);
        Assert.Null(VmOwnership.Transfer(vm, acme, null, T0.AddHours(2)));
        Assert.Equal(T0.AddHours(2), acme.ToUtc);
    }

    [Fact]
    public void A_vm_assigned_after_it_was_first_seen_is_owned_from_the_assignment()
    {
        var period = VmOwnership.Transfer(NewVm(), null, 3, T0);
        Assert.Equal(T0, period!.FromUtc);
    }

    [Fact]
    public void Customers_see_only_their_tenants_periods_staff_everything_nobody_nothing()
    {
        var periods = new[] { Period(1, null, T0), Period(2, T0, T0.AddDays(1)), Period(1, T0.AddDays(1), null) };

        var acme = VisibleTime.For(ViewerScope.ForTenant(1), periods);
        var umbrella = VisibleTime.For(ViewerScope.ForTenant(2), periods);

        Assert.True(acme.Contains(T0.AddHours(-1)));
        Assert.False(acme.Contains(T0.AddHours(1)));
        Assert.True(acme.Contains(T0.AddDays(2)));
        Assert.True(umbrella.Contains(T0));
        Assert.False(umbrella.Contains(T0.AddDays(1)));
        Assert.True(VisibleTime.For(ViewerScope.Staff, periods).IsAlways);
        Assert.True(VisibleTime.For(ViewerScope.Nobody, periods).IsNever);
        Assert.True(VisibleTime.For(ViewerScope.ForTenant(9), periods).IsNever);
    }

    [Fact]
    public void Clipping_keeps_the_visible_part_of_a_range_or_says_there_is_none()
    {
        var umbrella = VisibleTime.For(ViewerScope.ForTenant(2), [Period(2, T0, null)]);

        Assert.Equal((T0, T0.AddDays(1)), umbrella.Clip(T0.AddDays(-1), T0.AddDays(1)));
        Assert.Null(umbrella.Clip(T0.AddDays(-2), T0.AddDays(-1)));
        Assert.Equal((T0.AddHours(1), T0.AddHours(2)), umbrella.Clip(T0.AddHours(1), T0.AddHours(2)));
    }

    [Fact]
    public void Masking_turns_every_bucket_not_wholly_owned_into_a_gap()
    {
        // Six 1-hour buckets from T0-3h; the new owner's period starts at T0-30min: buckets before T0 are hidden,
        // including the one the change falls in (it mixes both owners' samples).
        var plan = new QueryPlan(Tier.Hourly, TimeSpan.FromHours(1), TimeSpan.FromHours(1), T0.AddHours(-3), 6);
        var set = new SeriesSet(plan, MetricAggregate.Average, [new SeriesValues(new SeriesKey(Metric.CpuPercent, ""), [1, 2, 3, 4, 5, 6])]);
        var visible = VisibleTime.For(ViewerScope.ForTenant(2), [Period(2, T0.AddMinutes(-30), null)]);

        var masked = visible.Mask(set).Series[0].Values;

        Assert.Equal([float.NaN, float.NaN, float.NaN, 4f, 5f, 6f], masked);
        Assert.Equal([1f, 2, 3, 4, 5, 6], set.Series[0].Values);
        Assert.Same(set, VisibleTime.Always.Mask(set));
    }

    [Fact]
    public void Adjacent_periods_of_one_tenant_read_as_one_stretch()
    {
        var visible = VisibleTime.For(ViewerScope.ForTenant(1), [Period(1, T0, T0.AddHours(1)), Period(1, T0.AddHours(1), null)]);

        Assert.Single(visible.Intervals);
        Assert.True(visible.Covers(T0.AddMinutes(30), T0.AddMinutes(90)));
    }

    [Theory]
    [InlineData("", "A tenant needs a name.")]
    [InlineData("   ", "A tenant needs a name.")]
    [InlineData("a\u0000b", "A tenant's name cannot contain control characters.")]
    [InlineData("Umbrella", null)]
    public void Tenant_names_are_checked(string name, string? error) => Assert.Equal(error, TenantRules.NameError(name));

    [Fact]
    public void Overlong_tenant_names_are_refused() => Assert.NotNull(TenantRules.NameError(new string('x', TenantRules.MaxNameLength + 1)));

    [Theory]
    [InlineData("Umbrella Corp.", "umbrella-corp")]
    [InlineData("  ACME  shop ", "acme-shop")]
    [InlineData("!!!", "")]
    public void A_slug_is_suggested_from_the_name(string name, string slug) => Assert.Equal(slug, TenantRules.SuggestSlug(name));

    [Fact]
    public void A_tenant_can_be_renamed_and_disabled_but_not_emptied()
    {
        var tenant = new Tenant("umbrella", "Umbrella");
        tenant.Rename(" Umbrella Corp ");
        tenant.SetDisabled(true);

        Assert.Equal("Umbrella Corp", tenant.Name);
        Assert.True(tenant.Disabled);
        Assert.Throws<ArgumentException>(() => tenant.Rename(" "));
    }

    private static VmOwnership Period(int tenant, DateTime? from, DateTime? to)
    {
        var period = new VmOwnership(1, tenant, from);
        if (to is { } end) VmOwnership.Transfer(NewVm(), period, null, end);
        return period;
    }
}
