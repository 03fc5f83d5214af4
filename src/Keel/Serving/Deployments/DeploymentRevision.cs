namespace Keel.Serving.Deployments;

/// <summary>
/// One immutable revision of a deployment. Model references are pinned to versions (<c>models:/NAME/VERSION</c>) when
/// the revision is written, so a revision always means the same models even after aliases move.
/// </summary>
/// <param name="Deployment">The deployment's name.</param>
/// <param name="Number">1, 2, … per deployment; every change adds one.</param>
/// <param name="Spec">What it serves.</param>
/// <param name="Change">Why it was written.</param>
/// <param name="SourceRevision">For a rollback, the revision it copies; otherwise null.</param>
/// <param name="CreatedAt">When it was written (and, for a canary step, when the step started).</param>
/// <param name="Actor">Who wrote it.</param>
/// <param name="Reason">Free text, or the controller's reasons with the gate values it saw.</param>
/// <param name="Status">Whether it is the deployment's current revision, as of the read.</param>
public sealed record DeploymentRevision(
    string Deployment, int Number, DeploymentSpec Spec, RevisionChange Change, int? SourceRevision,
    DateTimeOffset CreatedAt, string Actor, string? Reason, RevisionStatus Status);
