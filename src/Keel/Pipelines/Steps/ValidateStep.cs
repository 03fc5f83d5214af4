using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Data.Quality;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>validate</c>: runs the pipeline's quality checks on the source data. A failed check of severity error fails
/// the step (and so the run, before any training); warnings are counted. Not cached: a freshness check's answer
/// changes with the clock.
/// </summary>
internal sealed class ValidateStep : PipelineStep
{
    public override string Name => "validate";

    public override IReadOnlyList<string> DependsOn => ["load"];

    public override bool Cacheable => false;

    public override string Configuration(PipelineSpec spec) => spec.Checks?.Text ?? "";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var frame = await context.SourceFrameAsync(cancellationToken).ConfigureAwait(false);
        var run = context.Spec.Checks!.Value.CreateRun(frame.Schema, context.Time);
        run.Observe(frame);
        var report = run.Complete();
        var path = Path.Combine(context.RunDirectory, "checks.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report.Results.Select(r => new
        {
            name = r.Name, type = r.Type, verdict = r.Verdict.ToString().ToLowerInvariant(), failing = r.FailingCount, evaluated = r.EvaluatedCount, message = r.Message,
        })), cancellationToken).ConfigureAwait(false);
        var failed = report.Results.Where(r => r.Verdict == CheckVerdict.Fail).ToArray();
        if (failed.Length > 0)
        {
            throw new PipelineStepException($"{failed.Length} quality check{(failed.Length == 1 ? "" : "s")} failed: {string.Join("; ", failed.Select(f => $"{f.Name}: {f.Message}"))}");
        }
        var warnings = report.Results.Count(r => r.Verdict == CheckVerdict.Warn);
        return new JsonObject
        {
            ["passed"] = report.Results.Count - warnings,
            ["warnings"] = warnings,
            ["metrics"] = new JsonObject { ["checks_passed"] = report.Results.Count - warnings, ["checks_warned"] = warnings },
            ["artifacts"] = new JsonObject { ["checks.json"] = await context.StoreAsync(path, cancellationToken).ConfigureAwait(false) },
        };
    }
}
