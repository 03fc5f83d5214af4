namespace Keel.Monitoring.Metrics;

/// <summary>One counter series: only goes up. Lock-free, allocation-free.</summary>
public sealed class Counter
{
    private AtomicDouble _value;

    /// <summary>The count so far.</summary>
    public double Value => _value.Read();

    /// <summary>Adds one.</summary>
    public void Increment() => _value.Add(1);

    /// <summary>Adds <paramref name="amount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative or not finite.</exception>
    public void Add(double amount)
    {
        if (!(amount >= 0) || double.IsPositiveInfinity(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a counter only goes up by a finite amount");
        }
        _value.Add(amount);
    }
}
