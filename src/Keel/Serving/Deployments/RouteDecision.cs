namespace Keel.Serving.Deployments;

/// <summary>Where one request goes: the role whose model answers, and whether a copy goes to the shadow.</summary>
/// <param name="Role">The role whose model's output is returned.</param>
/// <param name="Mirror">Whether to also send the request to the candidate (the shadow), asynchronously, discarding its output.</param>
public readonly record struct RouteDecision(DeploymentRole Role, bool Mirror);
