namespace Keel.Monitoring.Concept;

/// <summary>Parameters of <see cref="PageHinkley"/>. Defaults are river's (<c>drift.PageHinkley</c>).</summary>
public sealed record PageHinkleyOptions
{
    /// <summary>Values seen before the detector may signal (default 30).</summary>
    public int MinInstances { get; init; } = 30;

    /// <summary>The magnitude of change tolerated, δ, subtracted from every deviation (default 0.005, in the stream's unit).</summary>
    public double Delta { get; init; } = 0.005;

    /// <summary>The alarm threshold λ on the cumulative deviation (default 50, in the stream's unit).</summary>
    public double Threshold { get; init; } = 50.0;

    /// <summary>Forgetting factor α applied to the cumulative sums at each step (default 1 − 0.0001).</summary>
    public double Alpha { get; init; } = 1 - 0.0001;

    /// <summary>Which changes to detect (default <see cref="PageHinkleyDirection.Both"/>, as river).</summary>
    public PageHinkleyDirection Direction { get; init; } = PageHinkleyDirection.Both;
}
