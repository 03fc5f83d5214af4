using Keel.Storage;

namespace Keel.Pipelines;

/// <summary>
/// Observes a dataset source through the <see cref="DatasetCatalog"/> (its latest version number) and a glob source
/// through the file system (names, sizes and last write times of the matching files). Thread-safe.
/// </summary>
public sealed class SourceProbe : ISourceProbe
{

    private readonly DatasetCatalog? _catalog;

    /// <summary>Creates a probe; <paramref name="catalog"/> may be null when no pipeline watches a dataset.</summary>
    public SourceProbe(DatasetCatalog? catalog) => _catalog = catalog;

    /// <inheritdoc/>
    public async ValueTask<SourceObservation> ObserveAsync(PipelineSpec pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        switch (pipeline.Source.Kind)
        {
            case SourceKind.Dataset:
                var name = WatchedDataset(pipeline) ?? throw new ArgumentException(
                    $"pipeline '{pipeline.Name}' pins dataset version '{pipeline.Source.Value}', which never gets new data", nameof(pipeline));
                var catalog = _catalog ?? throw new InvalidOperationException("watching a dataset needs the probe to be given the workspace's dataset catalog");
                var latest = await catalog.GetVersionAsync(name, null, cancellationToken).ConfigureAwait(false);
                return new DatasetObservation(name, latest?.Version ?? 0);
            case SourceKind.Glob:
                return ObserveGlob(pipeline.GlobFiles());
            default:
                throw new ArgumentException($"pipeline '{pipeline.Name}' reads a single file, which has no new versions to watch", nameof(pipeline));
        }
    }

    /// <summary>The dataset whose new versions <paramref name="pipeline"/> runs on, or null when it pins a version.</summary>
    internal static string? WatchedDataset(PipelineSpec pipeline)
    {
        var reference = DatasetReference.Parse(pipeline.Source.Value);
        return reference.Version is null ? reference.Name : null;
    }

    private static FileSetObservation ObserveGlob(IReadOnlyList<string> paths)
    {
        // A directory that does not exist yet holds no files; when it appears with files, that is new data.
        var files = new SortedDictionary<string, FileStamp>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            files[info.Name] = new FileStamp(info.Length, info.LastWriteTimeUtc);
        }
        return new FileSetObservation(files);
    }
}
