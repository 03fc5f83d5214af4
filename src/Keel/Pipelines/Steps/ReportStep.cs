using System.Text.Json.Nodes;
using Keel.Learning;
using Keel.Learning.Reports;
using Keel.Learning.Training;
using Keel.Storage;

namespace Keel.Pipelines.Steps;

/// <summary><c>report</c>: the self-contained HTML evaluation report of the model on the test rows, stored as a run artifact. Runs beside <c>evaluate</c>.</summary>
internal sealed class ReportStep : PipelineStep
{
    public override string Name => "report";

    public override IReadOnlyList<string> DependsOn => ["train", "split"];

    public override string Configuration(PipelineSpec spec) => "report";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var model = Model.Load(context.Services.Artifacts.GetPath(ArtifactId.Parse(context.Text("train", "model"))));
        var (_, test) = await context.SplitFramesAsync(cancellationToken).ConfigureAwait(false);
        var metrics = ModelEvaluation.Evaluate(model, test, out _);
        var html = EvaluationReport.Render(model, test, metrics, $"{context.Spec.Name}: test rows of run {context.RunId}", context.Time.GetUtcNow());
        var path = Path.Combine(context.RunDirectory, "report.html");
        await File.WriteAllTextAsync(path, html, cancellationToken).ConfigureAwait(false);
        var stored = await context.StoreAsync(path, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["report"] = stored["id"]!.GetValue<string>(), ["artifacts"] = new JsonObject { ["report.html"] = stored } };
    }
}
