namespace Keel.Serving.Deployments;

/// <summary>A named endpoint and the revision it serves now.</summary>
/// <param name="Name">The deployment's name.</param>
/// <param name="Current">The active revision.</param>
/// <param name="CreatedAt">When revision 1 was written.</param>
/// <param name="UpdatedAt">When the current revision was written.</param>
public sealed record Deployment(string Name, DeploymentRevision Current, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
