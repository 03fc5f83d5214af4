using System.Text.Json.Nodes;
using Keel.Data.Profiles;
using Keel.Learning;
using Keel.Learning.Predictors;
using Keel.Learning.Training;
using Keel.Learning.Validation;

namespace Keel.Pipelines.Steps;

/// <summary>
/// <c>train</c>: on the training rows, runs the optional hyperparameter search (cross-validation on the training rows
/// only; the test rows stay unseen), then fits the final model with the pipeline's preparation and the chosen
/// parameters, and stores the model file. Records the parameters, the training metrics and, for boosted trees, the
/// per-round training loss curve.
/// </summary>
internal sealed class TrainStep(bool afterValidation) : PipelineStep
{
    public override string Name => "train";

    public override IReadOnlyList<string> DependsOn => afterValidation ? ["split", "validate"] : ["split"];

    public override string Configuration(PipelineSpec spec) =>
        $"{spec.Train.Label} {spec.Train.Algorithm} {spec.Train.Task} {Canonical(spec.Train.Parameters)} {Search(spec.Train.Search)} {spec.Prepare?.Text}";

    public override async Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var (train, _) = await context.SplitFramesAsync(cancellationToken).ConfigureAwait(false);
        var task = Enum.Parse<LearningTask>(context.Text("split", "task"), ignoreCase: true);
        var options = new TrainingOptions
        {
            Algorithm = spec.Train.Algorithm,
            Label = spec.Train.Label,
            Task = task,
            Parameters = spec.Train.Parameters,
            Transforms = spec.Prepare?.Value.Specs,
        };
        var outputs = new JsonObject();
        if (spec.Train.Search is { } search)
        {
            var found = await SearchAsync(train, options, search, task, spec.Split.Seed, cancellationToken).ConfigureAwait(false);
            var chosen = new Dictionary<string, string>(spec.Train.Parameters, StringComparer.Ordinal);
            foreach (var (name, value) in found.Best.Parameters)
            {
                chosen[name] = value;
            }
            options = options with { Parameters = chosen };
            outputs["search"] = new JsonObject
            {
                ["metric"] = found.Metric,
                ["best_score"] = found.Best.Score,
                ["trials"] = found.Ranking.Count,
                ["best"] = ToJson(found.Best.Parameters),
            };
        }
        var builder = new ProfileBuilder(train.Schema, ProfileOptions.Reference);
        builder.Add(train);
        var firstPart = context.Outputs["load"]["parts"]!.AsArray()[0]!;
        var lineage = new ModelLineage(
            spec.Source.Value, firstPart["id"]!.GetValue<string>(), null, context.Time.GetUtcNow());
        TrainingResult trained;
        try
        {
            trained = ModelTrainer.Train(train, null, options, builder.Build(), lineage);
        }
        catch (ArgumentException ex)
        {
            throw new PipelineStepException(ex.Message);
        }
        var path = Path.Combine(context.RunDirectory, "model.keel");
        trained.Model.Save(path);
        var stored = await context.StoreAsync(path, cancellationToken).ConfigureAwait(false);
        outputs["model"] = stored["id"]!.GetValue<string>();
        outputs["algorithm"] = trained.Model.Algorithm;
        outputs["params"] = ToJson(options.Parameters.ToDictionary(p => p.Key, p => p.Value));
        outputs["metrics"] = new JsonObject(trained.TrainingMetrics.Where(m => double.IsFinite(m.Value))
            .Select(m => KeyValuePair.Create<string, JsonNode?>("train_" + m.Key, m.Value)));
        if (trained.Model.Predictor is GbdtPredictor { Model.History: { TrainingLoss.Count: > 0 } history })
        {
            outputs["curves"] = new JsonObject { ["train_loss"] = new JsonArray(history.TrainingLoss.Select(l => (JsonNode?)l).ToArray()) };
        }
        outputs["artifacts"] = new JsonObject { ["model.keel"] = stored };
        return outputs;
    }

    private static async Task<SearchResult> SearchAsync(
        Keel.Data.Frame train, TrainingOptions options, SearchSpec search, LearningTask task, int seed, CancellationToken cancellationToken)
    {
        var label = LabelEncoder.Fit(train, options.Label, task);
        var folds = task == LearningTask.Regression
            ? KFold.Split(train.RowCount, search.Folds, shuffle: true, seed)
            : StratifiedKFold.Split(label.EncodeClasses(train), search.Folds, seed);
        var candidates = search.Method == "grid"
            ? HyperparameterSearch.Grid(search.Space)
            : HyperparameterSearch.Sample(search.Space, search.Trials, seed);
        var metric = search.Metric ?? (task == LearningTask.Regression ? "rmse" : "auc");
        var searchOptions = new SearchOptions { Metric = metric };
        try
        {
            return search.Method == "halving"
                ? await HyperparameterSearch.HalvingSearchAsync(train, options, candidates, folds, new HalvingOptions(), searchOptions, cancellationToken).ConfigureAwait(false)
                : await HyperparameterSearch.SearchAsync(train, options, candidates, folds, searchOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new PipelineStepException($"train.search: {ex.Message}");
        }
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> values) =>
        new(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create<string, JsonNode?>(v.Key, v.Value)));

    private static string Canonical(IReadOnlyDictionary<string, string> values) =>
        string.Join(",", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    private static string Search(SearchSpec? search) => search is null
        ? ""
        : $"{search.Method}/{search.Trials}/{search.Folds}/{search.Metric}/" + string.Join(";", search.Space.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}=[{string.Join(",", s.Value)}]"));
}
