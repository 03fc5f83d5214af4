using Keel.Serving.Deployments;

namespace Keel.Retraining;

/// <summary>One stage of releasing a candidate: the revision to deploy and how long it nominally lasts.</summary>
/// <param name="Name">What the stage is: <c>shadow</c>, <c>canary</c> or <c>switch</c>.</param>
/// <param name="Spec">The revision to deploy for the stage.</param>
/// <param name="Duration">
/// How long the stage runs before the next: the shadow period, or for a canary the step duration times the number of
/// steps (its gates may end it sooner, by rollback, or later, waiting for requests); zero for a switch.
/// </param>
public sealed record ReleaseStage(string Name, DeploymentSpec Spec, TimeSpan Duration);
