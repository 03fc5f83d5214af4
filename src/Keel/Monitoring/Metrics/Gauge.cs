namespace Keel.Monitoring.Metrics;

/// <summary>One gauge series: a value that goes up and down. Lock-free, allocation-free.</summary>
public sealed class Gauge
{
    private AtomicDouble _value;

    /// <summary>The current value.</summary>
    public double Value => _value.Read();

    /// <summary>Sets the value.</summary>
    public void Set(double value) => _value.Set(value);

    /// <summary>Adds <paramref name="delta"/> (negative to subtract).</summary>
    public void Add(double delta) => _value.Add(delta);
}
