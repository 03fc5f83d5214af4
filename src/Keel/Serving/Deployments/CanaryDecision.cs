using Keel.Registry;

namespace Keel.Serving.Deployments;

/// <summary>One canary decision and why.</summary>
/// <param name="Action">What to do (or what was done).</param>
/// <param name="Reason">Why, with the values the gates saw; recorded as the new revision's reason.</param>
/// <param name="Gates">
/// The gates judged, each with its outcome; for the rollback gate, <see cref="GateOutcome.Passed"/> is true when its
/// condition did not hold. Any failed outcome means roll back.
/// </param>
/// <param name="Revision">The revision the controller wrote for this decision; null for a hold or a pure decision.</param>
public sealed record CanaryDecision(CanaryAction Action, string Reason, IReadOnlyList<GateOutcome> Gates, DeploymentRevision? Revision = null);
