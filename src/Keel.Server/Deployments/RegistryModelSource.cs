using System.Collections.Concurrent;
using System.Globalization;
using Keel.Learning;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Server.Deployments;

/// <summary>
/// Loads the registered model versions deployments name, from the artifact store, once each: two revisions (or two
/// deployments) that pin the same version share one loaded model. Thread-safe.
/// </summary>
public sealed class RegistryModelSource
{
    private readonly ModelRegistry _registry;
    private readonly ArtifactStore _artifacts;
    private readonly ConcurrentDictionary<string, Task<ServedModel>> _loaded = new(StringComparer.Ordinal);

    /// <summary>Creates a source over <paramref name="store"/>'s registry and <paramref name="artifacts"/> (neither owned).</summary>
    public RegistryModelSource(MetadataStore store, ArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(artifacts);
        _registry = new ModelRegistry(store);
        _artifacts = artifacts;
    }

    /// <summary>
    /// The loaded model of <paramref name="reference"/> (pinned, <c>models:/NAME/VERSION</c>), served under the
    /// registered name and version number. A failed load is not cached, so the next poll tries again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reference names no version, or its file is missing or unreadable.</exception>
    public async Task<ServedModel> LoadAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        var key = reference.ToString();
        var loading = _loaded.GetOrAdd(key, _ => LoadCoreAsync(reference, cancellationToken));
        try
        {
            return await loading.ConfigureAwait(false);
        }
        catch
        {
            _loaded.TryRemove(new KeyValuePair<string, Task<ServedModel>>(key, loading));
            throw;
        }
    }

    private async Task<ServedModel> LoadCoreAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        var version = await _registry.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{reference} names no registered model version");
        var path = _artifacts.GetPath(version.ContentId);
        Model model;
        try
        {
            // Loading parses a whole model file: keep it off the caller's thread.
            model = await Task.Run(() => Model.Load(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{version.Reference}: cannot load {path}: {ex.Message}", ex);
        }
        return new ServedModel(version.Name, version.Version.ToString(CultureInfo.InvariantCulture), model, version.Reference.ToString());
    }
}
