namespace Keel.Server.Inference;

/// <summary>What the inference log records about the deployment that routed a prediction.</summary>
/// <param name="Deployment">The deployment's name.</param>
/// <param name="Revision">The revision whose routing table answered.</param>
/// <param name="Role"><c>primary</c>, <c>candidate</c> or <c>shadow</c>.</param>
internal readonly record struct DeploymentTag(string Deployment, int Revision, string Role)
{
    /// <summary>The role name of a mirrored prediction: logged, never answered.</summary>
    public const string Shadow = "shadow";

    /// <summary>The log's name of <paramref name="role"/>.</summary>
    public static string RoleName(Keel.Serving.Deployments.DeploymentRole role) =>
        role == Keel.Serving.Deployments.DeploymentRole.Primary ? "primary" : "candidate";
}
