using Keel.Examples;

namespace Keel.Tests.Examples;

public sealed class SimulatedClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AdvanceTo_MovesTheTimeAndCompletesDelaysDueByThen()
    {
        var clock = new SimulatedClock(T0);
        var delay = Task.Delay(TimeSpan.FromHours(1), clock);

        clock.AdvanceTo(T0.AddMinutes(59));
        await Task.Delay(50);
        Assert.False(delay.IsCompleted);
        clock.AdvanceTo(T0.AddHours(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(T0.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task PeriodicTimer_JumpOverManyPeriods_TicksOnceThenOnePeriodAfterTheNewTime()
    {
        var clock = new SimulatedClock(T0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);

        clock.AdvanceTo(T0.AddHours(1));
        Assert.True(await timer.WaitForNextTickAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        var next = timer.WaitForNextTickAsync().AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // the 3,599 missed periods collapsed into one tick

        clock.AdvanceTo(T0.AddHours(1).AddMilliseconds(999));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        clock.AdvanceTo(T0.AddHours(1).AddSeconds(1));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DisposedTimer_NeverFires()
    {
        var clock = new SimulatedClock(T0);
        var fired = 0;
        var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();

        clock.AdvanceTo(T0.AddHours(1));
        await Task.Delay(50);

        Assert.Equal(0, fired);
    }

    [Fact]
    public void AdvanceTo_Backwards_Throws()
    {
        var clock = new SimulatedClock(T0.AddHours(1));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(T0));

        Assert.Contains("does not go back", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(TimeSpan.Zero, TimeProvider.System.GetElapsedTime(clock.GetTimestamp())); // timestamps stay real
    }
}
