namespace Keel.Retraining;

/// <summary>Fires while the alert named <paramref name="AlertName"/> (its <c>alertname</c>) is firing.</summary>
/// <param name="AlertName">The alert rule's or SLO's name.</param>
public sealed record AlertTrigger(string AlertName) : RetrainingTrigger
{
    /// <inheritdoc/>
    public override string Type => "alert";

    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertName}";
}
