using System.Text.Json.Nodes;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>evaluate</c>: measures the model on the test rows and checks the gates. A gate such as
/// <c>f1 &gt;= champion.f1 - 0.01</c> compares with the version the register section's model has under that alias
/// now, so which version each alias points at is part of the cache key. The outcome is an output
/// (<c>passed</c>); the register step refuses a model whose gates failed.
/// </summary>
internal sealed class EvaluateStep : PipelineStep
{
    public override string Name => "evaluate";

    public override IReadOnlyList<string> DependsOn => ["train", "split"];

    public override string Configuration(PipelineSpec spec) =>
        $"{string.Join(";", spec.Evaluate.Gates.Select(g => g.Text))} {spec.Register?.Model}";

    public override async Task<string> ExternalStateAsync(RunContext context, CancellationToken cancellationToken) =>
        string.Join(";", (await AliasMetricsAsync(context, cancellationToken).ConfigureAwait(false)).Select(a => $"{a.Alias}={a.Version}"));

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var model = Model.Load(context.Services.Artifacts.GetPath(ArtifactId.Parse(context.Text("train", "model"))));
        var (_, test) = await context.SplitFramesAsync(cancellationToken).ConfigureAwait(false);
        var metrics = ModelEvaluation.Evaluate(model, test, out var skipped);
        var others = (await AliasMetricsAsync(context, cancellationToken).ConfigureAwait(false))
            .ToDictionary(a => a.Alias, a => a.Metrics, StringComparer.Ordinal);
        var outcomes = context.Spec.Evaluate.Gates.Select(g => g.Evaluate(metrics, others)).ToArray();
        return new JsonObject
        {
            ["metrics"] = new JsonObject(metrics.Where(m => double.IsFinite(m.Value)).Select(m => KeyValuePair.Create<string, JsonNode?>(m.Key, m.Value))),
            ["skipped_rows"] = skipped,
            ["passed"] = outcomes.All(o => o.Passed),
            ["gates"] = new JsonArray(outcomes.Select(o => (JsonNode?)new JsonObject { ["gate"] = o.Gate, ["passed"] = o.Passed, ["detail"] = o.Detail }).ToArray()),
        };
    }

    /// <summary>The versions (and their metrics) that the aliases the gates mention point at now.</summary>
    private static async Task<List<(string Alias, int Version, IReadOnlyDictionary<string, double> Metrics)>> AliasMetricsAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var aliases = spec.Evaluate.Gates.SelectMany(g => g.Aliases).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var found = new List<(string, int, IReadOnlyDictionary<string, double>)>();
        if (aliases.Length == 0)
        {
            return found;
        }
        if (spec.Register is null)
        {
            throw new PipelineStepException($"the gates compare with alias {string.Join(", ", aliases)}, but the pipeline has no 'register' section naming the model");
        }
        foreach (var alias in aliases)
        {
            if (await context.Services.Registry.ResolveAsync(new ModelReference(spec.Register.Model, null, alias), cancellationToken).ConfigureAwait(false) is { } holder)
            {
                found.Add((alias, holder.Version, holder.Metrics));
            }
        }
        return found;
    }
}
