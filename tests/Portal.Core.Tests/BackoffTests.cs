using Portal.Core.Hypervisor;

namespace Portal.Core.Tests;

public class BackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_failure_doubles_the_wait_up_to_the_cap_and_success_resets_it()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            backoff.Failed(T0, "down");
            backoff.MustWait(T0, out var remaining);
            waits.Add(remaining.TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 5, 5], waits);
        Assert.False(backoff.MustWait(T0.AddSeconds(5), out _));
        backoff.Succeeded();
        backoff.Failed(T0, "down again");
        Assert.True(backoff.MustWait(T0, out var afterReset));
        Assert.Equal(1, afterReset.TotalSeconds);
        Assert.Equal("down again", backoff.LastError);
    }
}
