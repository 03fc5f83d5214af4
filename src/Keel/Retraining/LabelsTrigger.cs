namespace Keel.Retraining;

/// <summary>Fires once at least <paramref name="NewRows"/> labelled rows have arrived since the last training.</summary>
/// <param name="NewRows">The threshold, at least 1.</param>
public sealed record LabelsTrigger(long NewRows) : RetrainingTrigger
{
    /// <inheritdoc/>
    public override string Type => "labels";

    /// <inheritdoc/>
    public override string Describe() => $"labels >= {NewRows}";
}
