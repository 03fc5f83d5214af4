namespace Keel.Monitoring.Drift;

/// <summary>How <see cref="DriftDetector"/> compares two datasets. Defaults are Evidently's.</summary>
public sealed record DriftOptions
{
    /// <summary>
    /// The test for every column. A method that cannot run on a column's type (KS or Wasserstein on a categorical
    /// column) leaves that column on the automatic choice.
    /// </summary>
    public DriftMethod Method { get; init; } = DriftMethod.Auto;

    /// <summary>Per-column tests, overriding <see cref="Method"/>; a test that cannot run on its column is an error.</summary>
    public IReadOnlyDictionary<string, DriftMethod> ColumnMethods { get; init; } = new Dictionary<string, DriftMethod>();

    /// <summary>Thresholds overriding <see cref="DriftMethods.DefaultThreshold"/> per method.</summary>
    public IReadOnlyDictionary<DriftMethod, double> Thresholds { get; init; } = new Dictionary<DriftMethod, double>();

    /// <summary>The dataset drifts when the share of drifted columns is at least this (Evidently: 0.5).</summary>
    public double DriftShare { get; init; } = 0.5;

    /// <summary>The columns to compare; null for every column both datasets have.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>A model-output column, tested like the others but reported as prediction drift and not counted in the share.</summary>
    public string? PredictionColumn { get; init; }

    /// <summary>The threshold in force for <paramref name="method"/>.</summary>
    public double ThresholdFor(DriftMethod method) => Thresholds.TryGetValue(method, out var t) ? t : method.DefaultThreshold();
}
