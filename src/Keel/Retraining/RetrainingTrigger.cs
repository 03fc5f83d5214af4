namespace Keel.Retraining;

/// <summary>
/// One reason a retraining policy may start a retrain: an alert firing, a realized metric under a floor, a schedule,
/// or enough new labelled rows. Immutable; the subtypes say what each kind reads from <see cref="RetrainingSignals"/>.
/// </summary>
public abstract record RetrainingTrigger
{
    /// <summary>The kind as written in the policy file: <c>alert</c>, <c>performance</c>, <c>schedule</c> or <c>labels</c>.</summary>
    public abstract string Type { get; }

    /// <summary>A short description for logs and the audit trail, e.g. <c>alert high-drift</c>.</summary>
    public abstract string Describe();
}
