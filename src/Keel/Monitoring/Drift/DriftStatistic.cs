namespace Keel.Monitoring.Drift;

/// <summary>What one drift test computed: its statistic and, for hypothesis tests, the p-value.</summary>
/// <param name="Statistic">The test's statistic (D, χ², z, PSI, distance); may be +∞ (χ² with a category the reference never saw).</param>
/// <param name="PValue">The p-value, or null for distances and indices that have none; NaN when undefined (χ² over one category).</param>
public readonly record struct DriftStatistic(double Statistic, double? PValue);
