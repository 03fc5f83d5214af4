namespace Keel.Server;

/// <summary>The models a server answers for, by name. Immutable and thread-safe.</summary>
internal sealed class ModelCatalog
{
    private readonly Dictionary<string, ServedModel> _byName;

    /// <summary>Creates the catalog; <paramref name="models"/> may be empty only when the server also hosts deployments.</summary>
    public ModelCatalog(IReadOnlyList<ServedModel> models, bool deployments = false)
    {
        if (models.Count == 0 && !deployments)
        {
            throw new ArgumentException("a server needs at least one model", nameof(models));
        }
        _byName = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (!_byName.TryAdd(model.Name, model))
            {
                throw new ArgumentException($"two models are served under the name '{model.Name}'", nameof(models));
            }
        }
        Models = models;
    }

    /// <summary>The models, in the order given; the first answers <c>/invocations</c>.</summary>
    public IReadOnlyList<ServedModel> Models { get; }

    /// <summary>The default model (MLflow's single-model <c>/invocations</c>), or null when there are only deployments.</summary>
    public ServedModel? Default => Models.Count > 0 ? Models[0] : null;

    /// <summary>The model named <paramref name="name"/> at <paramref name="version"/> (any version when null), or null with the reason.</summary>
    public ServedModel? Find(string name, string? version, out string? error)
    {
        if (!_byName.TryGetValue(name, out var model))
        {
            error = $"no model named '{name}'; this server has: {string.Join(", ", _byName.Keys)}";
            return null;
        }
        if (version is not null && version != model.Version)
        {
            error = $"model '{name}' has no version '{version}'; it is served at version '{model.Version}'";
            return null;
        }
        error = null;
        return model;
    }
}
