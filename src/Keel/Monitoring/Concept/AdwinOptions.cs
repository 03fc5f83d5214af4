namespace Keel.Monitoring.Concept;

/// <summary>Parameters of <see cref="Adwin"/>. Defaults are river's (<c>drift.ADWIN</c>).</summary>
public sealed record AdwinOptions
{
    /// <summary>Significance δ of the cut test; smaller means fewer false alarms and later detections (default 0.002).</summary>
    public double Delta { get; init; } = 0.002;

    /// <summary>Check for a cut every this many values (default 32; 1 checks after every value).</summary>
    public int Clock { get; init; } = 32;

    /// <summary>Buckets of each size kept before the two oldest are merged, M in the paper (default 5).</summary>
    public int MaxBuckets { get; init; } = 5;

    /// <summary>Shortest sub-window a cut may leave on either side (default 5).</summary>
    public int MinWindowLength { get; init; } = 5;

    /// <summary>No check until the window holds more than this many values (default 10).</summary>
    public int GracePeriod { get; init; } = 10;

    /// <summary>
    /// Whether the update after a detection empties the window (true, the default: river's <c>ADWIN.update</c>) or
    /// keeps the shrunk window that survived the cut (false: ADWIN2 as in the paper, scikit-multiflow, and river
    /// before the reset was added). Detection indices up to and including the first drift are the same either way.
    /// </summary>
    public bool ResetOnDrift { get; init; } = true;
}
