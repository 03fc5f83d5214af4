using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Learning;
using Keel.Storage;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>register</c>: registers the model as a new version (the same file registered again is the same version) with
/// the run as its lineage, then moves the alias through the gates. A model whose gates failed in evaluation is not
/// registered; the failure is posted as a <c>gate.failed</c> registry event. Never cached.
/// </summary>
internal sealed class RegisterStep : PipelineStep
{
    public override string Name => "register";

    public override IReadOnlyList<string> DependsOn => ["evaluate"];

    public override bool Cacheable => false;

    public override string Configuration(PipelineSpec spec) => $"{spec.Register}";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var register = spec.Register!;
        var registry = context.Services.Registry;
        var evaluation = context.Outputs["evaluate"];
        var reason = $"pipeline {spec.Name}, run {context.RunId.ToString(CultureInfo.InvariantCulture)}";
        if (evaluation["passed"]?.GetValue<bool>() != true)
        {
            var failed = evaluation["gates"]!.AsArray().Where(g => g!["passed"]!.GetValue<bool>() == false)
                .Select(g => $"{g!["gate"]} ({g["detail"]})").ToArray();
            await registry.RecordGateFailureAsync(register.Model, register.Alias, failed, context.RunId, reason, cancellationToken).ConfigureAwait(false);
            throw new PipelineStepException($"not registered: gate{(failed.Length == 1 ? "" : "s")} failed: {string.Join("; ", failed)}");
        }
        var id = ArtifactId.Parse(context.Text("train", "model"));
        var model = Model.Load(context.Services.Artifacts.GetPath(id));
        var metrics = evaluation["metrics"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.Deserialize<double>(), StringComparer.Ordinal);
        var (version, created) = await registry.RegisterAsync(
            register.Model, id, model.Algorithm, model.Task.ToString().ToLowerInvariant(), metrics, context.RunId,
            $"run {context.RunId.ToString(CultureInfo.InvariantCulture)} of pipeline {spec.Name}", register.Description, register.Tags, cancellationToken).ConfigureAwait(false);
        var outputs = new JsonObject { ["model"] = register.Model, ["version"] = version.Version, ["created"] = created };
        if (register.Alias is { } alias)
        {
            var moved = await registry.SetAliasAsync(register.Model, alias, version.Version, spec.Evaluate.Gates, reason, cancellationToken).ConfigureAwait(false);
            if (moved.Gates.Any(g => !g.Passed))
            {
                throw new PipelineStepException($"registered as version {version.Version}, but alias '{alias}' did not move: {string.Join("; ", moved.Gates.Where(g => !g.Passed).Select(g => $"{g.Gate} ({g.Detail})"))}");
            }
            outputs["alias"] = alias;
            outputs["moved"] = moved.Moved;
            outputs["previous_version"] = moved.PreviousVersion;
        }
        return outputs;
    }
}
