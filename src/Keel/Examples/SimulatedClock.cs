namespace Keel.Examples;

/// <summary>
/// A clock that only moves when told to (<see cref="AdvanceTo"/>), for running a real server through simulated days
/// in seconds (<c>keel quickstart</c>). Timers created on it (<see cref="PeriodicTimer"/>, <see cref="Task.Delay(TimeSpan, TimeProvider)"/>,
/// timed cancellation) fire when the clock passes their due time, on the thread pool; a periodic timer the clock jumped
/// past several periods of fires once and is next due one period after the new time, as the timers of a process that
/// was paused would. <see cref="TimeProvider.GetTimestamp"/> stays real, so measured durations (request latencies, step
/// times) are real ones. Thread-safe.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>A clock reading <paramref name="start"/> until it is advanced.</summary>
    public SimulatedClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward to <paramref name="time"/> and fires the timers now due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before the clock's time: simulated time does not go back.</exception>
    public void AdvanceTo(DateTimeOffset time)
    {
        List<SimulatedTimer> due;
        lock (_gate)
        {
            if (time < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(time), time, $"the clock reads {_now:O}; it does not go back");
            }
            _now = time;
            due = [];
            foreach (var timer in _timers)
            {
                if (timer.Due is { } at && at <= time)
                {
                    timer.Due = timer.Period is { } period ? time + period : null;
                    due.Add(timer);
                }
            }
        }
        foreach (var timer in due)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    private void Remove(SimulatedTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A timer of the simulated clock; its state is guarded by the clock's lock.</summary>
    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>When it fires next; null when stopped.</summary>
        public DateTimeOffset? Due { get; set; }

        /// <summary>Its period; null for a one-shot timer.</summary>
        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (clock._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = null;
                }
                else if (dueTime <= TimeSpan.Zero)
                {
                    fireNow = true;
                    Due = Period is { } p ? clock._now + p : null;
                }
                else
                {
                    Due = clock._now + dueTime;
                }
            }
            if (fireNow)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), this, preferLocal: false);
            }
            return true;
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
