using System.Globalization;

namespace Keel.Retraining;

/// <summary>
/// Fires when a realized metric (computed from labelled predictions) crosses a bound: under <paramref name="Below"/>
/// for a metric where higher is better (accuracy, auc), over <paramref name="Above"/> for one where lower is better
/// (rmse, log_loss). Exactly one bound is set. Judged only once <paramref name="MinLabels"/> labels back the metric.
/// </summary>
/// <param name="Metric">The realized metric's name, as the live performance monitor reports it.</param>
/// <param name="Below">Fires when the metric is strictly below this, or null.</param>
/// <param name="Above">Fires when the metric is strictly above this, or null.</param>
/// <param name="MinLabels">Labelled predictions the metric must rest on before it is trusted.</param>
public sealed record PerformanceTrigger(string Metric, double? Below, double? Above, long MinLabels) : RetrainingTrigger
{
    /// <inheritdoc/>
    public override string Type => "performance";

    /// <summary>Whether <paramref name="value"/> is past the bound.</summary>
    public bool IsPast(double value) => Below is { } floor ? value < floor : Above is { } ceiling && value > ceiling;

    /// <summary>The bound as a condition on the metric, e.g. <c>&lt; 0.75</c> or <c>&gt; 3.5</c>.</summary>
    public string Bound => Below is { } floor
        ? $"< {floor.ToString(CultureInfo.InvariantCulture)}"
        : $"> {Above!.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc/>
    public override string Describe() => $"performance {Metric} {Bound}";
}
