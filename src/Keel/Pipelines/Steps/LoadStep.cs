using System.Text.Json.Nodes;
using Keel.Storage;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>load</c>: copies the source into the content-addressed artifact store (a file, every file of a glob in name
/// order, or a dataset version already stored), then the run's extra files (<see cref="ExtraSource"/>), and records
/// them as the run's inputs. Never cached: hashing the
/// source is what tells the later steps whether anything changed.
/// </summary>
internal sealed class LoadStep : PipelineStep
{
    public override string Name => "load";

    public override IReadOnlyList<string> DependsOn => [];

    public override bool Cacheable => false;

    public override string Configuration(PipelineSpec spec) => $"{spec.Source}";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var parts = new JsonArray();
        var inputs = new JsonArray();
        switch (spec.Source.Kind)
        {
            case SourceKind.File:
                await AddFileAsync(context, spec.Resolve(spec.Source.Value), spec.Source.Value, parts, inputs, cancellationToken).ConfigureAwait(false);
                break;
            case SourceKind.Glob:
                var files = spec.GlobFiles();
                if (files.Count == 0)
                {
                    throw new PipelineStepException($"source.glob '{spec.Source.Value}' matches no file (looked in {Path.GetDirectoryName(spec.Resolve(spec.Source.Value))})");
                }
                foreach (var file in files)
                {
                    await AddFileAsync(context, file, Path.GetRelativePath(spec.BaseDirectory, file), parts, inputs, cancellationToken).ConfigureAwait(false);
                }
                break;
            default:
                var reference = DatasetReference.Parse(spec.Source.Value);
                var version = await context.Services.Datasets.GetVersionAsync(reference, cancellationToken).ConfigureAwait(false)
                    ?? throw new PipelineStepException($"source.dataset '{spec.Source.Value}': no such dataset version (`keel data list` shows them)");
                parts.Add(new JsonObject { ["id"] = version.ContentId.Value, ["name"] = version.Source ?? version.Reference.ToString(), ["bytes"] = version.ByteSize });
                inputs.Add(new JsonObject { ["kind"] = "dataset", ["reference"] = version.Reference.ToString(), ["content_id"] = version.ContentId.Value });
                break;
        }
        foreach (var extra in context.Extra)
        {
            if (!File.Exists(extra.Path))
            {
                throw new PipelineStepException($"{extra.Name}: file '{extra.Path}' does not exist");
            }
            var stored = await context.Services.Artifacts.PutFileAsync(extra.Path, cancellationToken).ConfigureAwait(false);
            // "file" keeps the extension that picks the format (the stored copy is named by its hash).
            parts.Add(new JsonObject { ["id"] = stored.Id.Value, ["name"] = extra.Name, ["bytes"] = stored.Size, ["extra"] = true, ["file"] = Path.GetFileName(extra.Path) });
            inputs.Add(new JsonObject { ["kind"] = extra.Kind, ["reference"] = extra.Name, ["content_id"] = stored.Id.Value });
        }
        return new JsonObject { ["parts"] = parts, ["inputs"] = inputs };
    }

    private static async Task AddFileAsync(RunContext context, string path, string name, JsonArray parts, JsonArray inputs, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new PipelineStepException($"source file '{name}' does not exist (looked for {path})");
        }
        var stored = await context.Services.Artifacts.PutFileAsync(path, cancellationToken).ConfigureAwait(false);
        parts.Add(new JsonObject { ["id"] = stored.Id.Value, ["name"] = name, ["bytes"] = stored.Size });
        inputs.Add(new JsonObject { ["kind"] = "file", ["reference"] = path, ["content_id"] = stored.Id.Value });
    }
}
