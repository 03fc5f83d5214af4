namespace Keel.Monitoring.Concept;

/// <summary>Parameters of <see cref="Ddm"/>. Defaults are river's (<c>drift.binary.DDM</c>) and the paper's.</summary>
public sealed record DdmOptions
{
    /// <summary>Instances seen before the detector may signal (river <c>warm_start</c>, default 30).</summary>
    public int WarmStart { get; init; } = 30;

    /// <summary>Warning when p + s exceeds p_min + this × s_min (default 2, about 95% confidence).</summary>
    public double WarningThreshold { get; init; } = 2.0;

    /// <summary>Drift when p + s exceeds p_min + this × s_min (default 3, about 99% confidence).</summary>
    public double DriftThreshold { get; init; } = 3.0;
}
