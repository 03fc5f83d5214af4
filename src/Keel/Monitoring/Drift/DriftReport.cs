namespace Keel.Monitoring.Drift;

/// <summary>Per-column verdicts and the dataset verdict of one reference-vs-current comparison.</summary>
/// <param name="Features">One verdict per compared column, in the reference's column order.</param>
/// <param name="Prediction">The prediction column's verdict, when <see cref="DriftOptions.PredictionColumn"/> was set.</param>
/// <param name="Skipped">Columns left out, with why (text and timestamp columns, columns with no values on one side).</param>
/// <param name="DriftShareThreshold">The share of drifted columns at which the dataset counts as drifted.</param>
public sealed record DriftReport(
    IReadOnlyList<FeatureDrift> Features, FeatureDrift? Prediction, IReadOnlyList<(string Column, string Reason)> Skipped,
    double DriftShareThreshold)
{
    /// <summary>Number of drifted columns.</summary>
    public int DriftedCount => Features.Count(f => f.Drift);

    /// <summary>Drifted columns / compared columns (0 when none were compared).</summary>
    public double DriftShare => Features.Count == 0 ? 0 : (double)DriftedCount / Features.Count;

    /// <summary>Whether the share of drifted columns reaches <see cref="DriftShareThreshold"/> (false when none were compared).</summary>
    public bool DatasetDrift => Features.Count > 0 && DriftShare >= DriftShareThreshold;
}
