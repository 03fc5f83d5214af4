namespace Keel.Retraining;

/// <summary>What the monitors say about a deployment at one moment: the inputs of the trigger checks. Immutable.</summary>
public sealed record RetrainingSignals
{
    /// <summary>No alert firing, no metrics, no labels: nothing fires but a schedule.</summary>
    public static RetrainingSignals None { get; } = new();

    /// <summary>The names (<c>alertname</c>) of the alerts firing for the deployment now.</summary>
    public IReadOnlySet<string> FiringAlerts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The latest realized metrics from labelled predictions (accuracy, auc, rmse, ...), by name.</summary>
    public IReadOnlyDictionary<string, double> RealizedMetrics { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>How many labelled predictions <see cref="RealizedMetrics"/> rest on.</summary>
    public long LabelCount { get; init; }

    /// <summary>Labelled rows that arrived since the champion was trained.</summary>
    public long NewLabelledRows { get; init; }
}
