using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Learning;
using Keel.Learning.Validation;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>split</c>: decides the task from the label (as <c>keel train</c> does), then splits the labelled rows into
/// training and test rows (<see cref="LabelledSplit"/>). Its output is the row indices, stored as an artifact.
/// </summary>
internal sealed class SplitStep : PipelineStep
{
    public override string Name => "split";

    public override IReadOnlyList<string> DependsOn => ["load"];

    public override string Configuration(PipelineSpec spec) => $"{spec.Split} {spec.Train.Label} {spec.Train.Task}";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var frame = await context.SourceFrameAsync(cancellationToken).ConfigureAwait(false);
        LabelEncoder label;
        (int[] Train, int[] Test, string Method) split;
        try
        {
            label = LabelEncoder.Fit(frame, spec.Train.Label, spec.Train.Task);
            split = LabelledSplit.Split(frame, label, spec.Split.Method, spec.Split.TestFraction, spec.Split.TimeColumn, spec.Split.Seed, "split.time_column");
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            throw new PipelineStepException(ex.Message);
        }
        var path = Path.Combine(context.RunDirectory, "split.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new RunContext.SplitRows(split.Train, split.Test)), cancellationToken).ConfigureAwait(false);
        var stored = await context.StoreAsync(path, cancellationToken).ConfigureAwait(false);
        var task = label.Task.ToString().ToLowerInvariant();
        return new JsonObject
        {
            ["rows"] = stored["id"]!.GetValue<string>(),
            ["task"] = task,
            ["method"] = split.Method,
            ["train_rows"] = split.Train.Length,
            ["test_rows"] = split.Test.Length,
            ["unlabelled_rows"] = frame.RowCount - split.Train.Length - split.Test.Length,
            ["params"] = new JsonObject
            {
                ["split.method"] = split.Method,
                ["split.test"] = spec.Split.TestFraction.ToString(CultureInfo.InvariantCulture),
                ["task"] = task,
            },
            ["metrics"] = new JsonObject { ["train_rows"] = split.Train.Length, ["test_rows"] = split.Test.Length },
        };
    }
}
