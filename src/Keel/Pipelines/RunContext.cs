using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Pipelines;

/// <summary>
/// What the steps of one run share: the spec, the stores, the outputs of finished steps, and the source data read
/// once per run (steps run in parallel, so the frame is loaded lazily and shared). Thread-safe.
/// </summary>
internal sealed class RunContext
{
    private readonly Lock _gate = new();
    private Task<Frame>? _frame;

    public RunContext(PipelineSpec spec, long runId, PipelineServices services, IReadOnlyList<ExtraSource> extra)
    {
        Spec = spec;
        Extra = extra;
        RunId = runId;
        Services = services;
        RunDirectory = Path.Combine(services.Workspace.KeelDirectory, "runs", runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(RunDirectory);
    }

    public PipelineSpec Spec { get; }

    /// <summary>Files the load step adds after the source's own (none on a resume).</summary>
    public IReadOnlyList<ExtraSource> Extra { get; }

    public long RunId { get; }

    public PipelineServices Services { get; }

    /// <summary>Scratch space of this run (files before they go to the artifact store, quarantined rows).</summary>
    public string RunDirectory { get; }

    /// <summary>Outputs of the steps that have finished, by step name.</summary>
    public ConcurrentDictionary<string, JsonObject> Outputs { get; } = new(StringComparer.Ordinal);

    public TimeProvider Time => Services.Store.TimeProvider;

    /// <summary>Output <paramref name="field"/> of step <paramref name="step"/> as text.</summary>
    public string Text(string step, string field) =>
        Outputs[step][field]?.GetValue<string>() ?? throw new InvalidOperationException($"step '{step}' has no output '{field}'");

    /// <summary>
    /// The source data as the load step stored it, read once for the whole run. The shared read is not cancelled with
    /// the step that started it (another step may be waiting for it); a cancelled caller stops waiting.
    /// </summary>
    public Task<Frame> SourceFrameAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _frame ??= Task.Run(() => ReadSource(CancellationToken.None), CancellationToken.None);
        }
        return _frame.WaitAsync(cancellationToken);
    }

    /// <summary>The training and test rows, as the split step chose them.</summary>
    public async Task<(Frame Train, Frame Test)> SplitFramesAsync(CancellationToken cancellationToken)
    {
        var frame = await SourceFrameAsync(cancellationToken).ConfigureAwait(false);
        var id = ArtifactId.Parse(Text("split", "rows"));
        await using var stream = Services.Artifacts.OpenRead(id);
        var rows = await JsonSerializer.DeserializeAsync<SplitRows>(stream, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"split rows artifact {id} is empty");
        return (FrameRows.Select(frame, rows.Train), FrameRows.Select(frame, rows.Test));
    }

    /// <summary>Stores a file of this run in the artifact store and describes it for the step's <c>artifacts</c> output.</summary>
    public async Task<JsonObject> StoreAsync(string path, CancellationToken cancellationToken)
    {
        var stored = await Services.Artifacts.PutFileAsync(path, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["id"] = stored.Id.Value, ["bytes"] = stored.Size };
    }

    /// <summary>How the source is read: the pinned schema, the bad-row policy, quarantine in the run's folder.</summary>
    public ReadOptions ReadOptions(string sourceName) => new()
    {
        Pinned = Spec.Source.SchemaFile is { } schema ? SchemaFile.Load(Spec.Resolve(schema)) : null,
        OnBadRows = Spec.Source.OnBadRows == "quarantine" ? BadRowPolicy.Quarantine : BadRowPolicy.Fail,
        QuarantinePath = Path.Combine(RunDirectory, "quarantine.jsonl"),
        SourceName = sourceName,
    };

    /// <summary>
    /// The load step's parts concatenated: every source part must have the first part's columns; an extra part
    /// (<see cref="ExtraSource"/>) is read with the first part's columns pinned and aligned to them.
    /// </summary>
    private Frame ReadSource(CancellationToken cancellationToken)
    {
        var parts = Outputs["load"]["parts"]!.AsArray();
        Schema? schema = null;
        var chunks = new List<Frame>();
        foreach (var part in parts)
        {
            var id = ArtifactId.Parse(part!["id"]!.GetValue<string>());
            var name = part["name"]!.GetValue<string>();
            if (part["extra"]?.GetValue<bool>() == true)
            {
                chunks.AddRange(ReadExtra(Services.Artifacts.GetPath(id), name, part["file"]!.GetValue<string>(), schema!, cancellationToken));
                continue;
            }
            using var reader = DataSource.Open(Services.Artifacts.GetPath(id), ReadOptions(name), name);
            if (schema is not null && !SameColumns(schema, reader.Schema))
            {
                throw new PipelineStepException($"{name}: its columns ({string.Join(", ", reader.Schema.Columns.Select(c => $"{c.Name}:{c.Type}"))}) differ from the first file's ({string.Join(", ", schema.Columns.Select(c => $"{c.Name}:{c.Type}"))}); pin them with source.schema");
            }
            schema ??= reader.Schema;
            chunks.AddRange(reader.ReadChunksAhead(cancellationToken: cancellationToken));
        }
        return FrameConcat.Concat(schema!, chunks);
    }

    private List<Frame> ReadExtra(string path, string name, string file, Schema schema, CancellationToken cancellationToken)
    {
        // The source's columns pinned, but times as ISO 8601 whatever the source's format: logged timestamps are ISO.
        var pinned = new SchemaFile([.. SchemaFile.Of(schema).Entries.Select(e => e with { Format = null })]);
        using var reader = DataSource.Open(path, ReadOptions(name) with { Pinned = pinned, IgnoreAbsentPinned = true }, file);
        try
        {
            return [.. reader.ReadChunksAhead(cancellationToken: cancellationToken).Select(chunk => FrameAlignment.To(chunk, schema))];
        }
        catch (ArgumentException ex)
        {
            throw new PipelineStepException($"{name}: {ex.Message}");
        }
    }

    private static bool SameColumns(Schema a, Schema b) =>
        a.Count == b.Count && a.Columns.Zip(b.Columns).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type);

    /// <summary>The split step's artifact: frame row indices of the training and test rows.</summary>
    internal sealed record SplitRows(int[] Train, int[] Test);
}

/// <summary>The stores and clock a pipeline runs against.</summary>
public sealed record PipelineServices(KeelWorkspace Workspace, MetadataStore Store, ArtifactStore Artifacts)
{
    /// <summary>Run tracking.</summary>
    public RunCatalog Runs { get; } = new(Store);

    /// <summary>The model registry.</summary>
    public ModelRegistry Registry { get; } = new(Store);

    /// <summary>Dataset versions.</summary>
    public DatasetCatalog Datasets { get; } = new(Store);
}
