namespace Keel.Server.Deployments;

/// <summary>
/// The JSON shapes of the deployment change bodies that are not a <see cref="Keel.Serving.Deployments.DeploymentRequest"/>,
/// for the OpenAPI document only (the endpoints read the bodies themselves; names are snake_case).
/// </summary>
internal static class DeploymentShapes
{
    /// <summary><c>POST /api/deployments/{name}/switch</c>: why (optional).</summary>
    internal sealed record SwitchRequestBody
    {
        public string? Reason { get; init; }
    }

    /// <summary><c>POST /api/deployments/{name}/rollback</c>: the revision to re-activate, and why.</summary>
    internal sealed record RollbackRequestBody
    {
        public required int Revision { get; init; }

        public string? Reason { get; init; }
    }
}
