namespace Keel.Monitoring.Performance;

/// <summary>Parameters of <see cref="Cbpe"/>.</summary>
public sealed record CbpeOptions
{
    /// <summary>
    /// Whether to calibrate the model's probabilities with isotonic regression fitted on the reference set (default
    /// true). NannyML decides this itself by comparing calibration errors on the reference; Keel leaves it to the
    /// caller: turn it off only for a model whose probabilities are known to be calibrated.
    /// </summary>
    public bool Calibrate { get; init; } = true;
}
