namespace Keel.Retraining;

/// <summary>
/// How an accepted candidate reaches traffic: an optional shadow period, then an optional canary. With neither, the
/// candidate replaces the champion at once.
/// </summary>
/// <param name="Shadow">How long the candidate sees mirrored traffic first, or null for no shadow period.</param>
/// <param name="ShadowFraction">The share of requests mirrored during the shadow period, in (0, 1].</param>
/// <param name="Canary">The canary, or null to switch straight after the shadow period.</param>
public sealed record ReleasePlan(TimeSpan? Shadow, double ShadowFraction, CanaryPlan? Canary)
{
    /// <summary>No shadow, the default canary: what a policy without a <c>release</c> section gets.</summary>
    public static ReleasePlan Default { get; } = new(null, 1.0, CanaryPlan.Default);
}
