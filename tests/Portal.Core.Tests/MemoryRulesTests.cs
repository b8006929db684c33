using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class MemoryRulesTests
{
    private const long GiB = MemoryRules.GiB;

    [Fact]
    public void Within_the_maximum_the_change_is_live()
    {
        var plan = MemoryRules.Plan(3 * GiB, currentMaxKiB: 4 * GiB);

        Assert.Equal(MemoryPlanKind.Live, plan.Kind);
        Assert.Equal(4 * GiB, plan.NewMaxKiB);
    }

    [Fact]
    public void Above_the_maximum_the_maximum_rises_and_a_restart_is_needed()
    {
        var plan = MemoryRules.Plan(8 * GiB, currentMaxKiB: 4 * GiB);

        Assert.Equal(MemoryPlanKind.ConfigAndRestart, plan.Kind);
        Assert.Equal(8 * GiB, plan.NewMaxKiB);
        Assert.Equal(8 * GiB, plan.TargetKiB);
    }

    [Theory]
    [InlineData(64 * 1024L, false)]
    [InlineData(256 * 1024L, true)]
    [InlineData(512 * GiB, true)]
    [InlineData(513 * GiB, false)]
    [InlineData(256 * 1024L + 1, false)]
    public void Bounds_and_whole_mebibytes(long kib, bool valid) =>
        Assert.Equal(valid, MemoryRules.Validate(kib, minKiB: 256 * 1024, maxKiB: 512 * GiB).Count == 0);

    [Theory]
    [InlineData(4 * GiB, "4 GiB")]
    [InlineData(512 * 1024L, "512 MiB")]
    [InlineData(1000L, "1000 KiB")]
    public void Sizes_read_as_people_write_them(long kib, string text) => Assert.Equal(text, MemoryRules.Format(kib));
}
