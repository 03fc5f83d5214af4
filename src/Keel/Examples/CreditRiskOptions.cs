namespace Keel.Examples;

/// <summary>What <see cref="CreditRiskGenerator"/> produces. Immutable; use <c>with</c> to change a copy.</summary>
public sealed record CreditRiskOptions
{
    /// <summary>Rows written, exact duplicates included (≥ 1). Default 10,000.</summary>
    public int Rows { get; init; } = 10_000;

    /// <summary>The seed: the same options give byte-identical output. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The earliest possible <c>applied_at</c>, in UTC. Default 2026-01-01T00:00:00Z.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The period applications are spread over, from <see cref="Start"/> (at least one second). Default 365 days.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How far the population and the label relationship move from the start to the end of <see cref="Span"/>,
    /// in [0, 1]. 0 (the default) is stationary; 1 is the strongest drift (see <see cref="CreditRiskGenerator"/>).
    /// The shift grows linearly with time, so the first rows always look like the stationary data.
    /// </summary>
    public double Drift { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Names the option and the accepted range.</exception>
    public void Validate()
    {
        if (Rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "Rows must be at least 1");
        }
        if (Span < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Span), Span, "Span must be at least one second");
        }
        if (!(Drift is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Drift), Drift, "Drift must be in [0, 1]");
        }
        if (Start.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - Span.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, "Start + Span is past the largest representable date");
        }
    }
}
