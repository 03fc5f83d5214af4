namespace Keel.Serving.Deployments;

/// <summary>One request's route, resolved to loaded models.</summary>
/// <typeparam name="TModel">The server's loaded-model type.</typeparam>
/// <param name="Revision">The revision that routed it (for the prediction record).</param>
/// <param name="Role">The role that answers.</param>
/// <param name="Model">The model that answers.</param>
/// <param name="Shadow">The model to mirror the request to, or null; its output is never returned.</param>
public readonly record struct RoutedRequest<TModel>(int Revision, DeploymentRole Role, TModel Model, TModel? Shadow)
    where TModel : class;
