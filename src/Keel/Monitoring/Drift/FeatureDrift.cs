namespace Keel.Monitoring.Drift;

/// <summary>The verdict on one column.</summary>
/// <param name="Name">The column.</param>
/// <param name="Type">"numeric", "categorical" or "boolean".</param>
/// <param name="Method">The test that ran (never <see cref="DriftMethod.Auto"/>).</param>
/// <param name="Statistic">The test's statistic (D, χ², z, PSI or distance); +∞ for χ² with a value the reference never had.</param>
/// <param name="PValue">The p-value for hypothesis tests, else null; NaN when undefined.</param>
/// <param name="Threshold">p-value tests: drift when p &lt; threshold; others: drift when statistic ≥ threshold.</param>
/// <param name="Drift">Whether the column drifted.</param>
/// <param name="ReferenceCount">Non-missing reference values compared.</param>
/// <param name="CurrentCount">Non-missing current values compared.</param>
public sealed record FeatureDrift(
    string Name, string Type, DriftMethod Method, double Statistic, double? PValue, double Threshold, bool Drift,
    long ReferenceCount, long CurrentCount);
