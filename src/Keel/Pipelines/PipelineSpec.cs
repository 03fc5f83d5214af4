using Keel.Data.Quality;
using Keel.Learning;
using Keel.Learning.Transforms;
using Keel.Registry;

namespace Keel.Pipelines;

/// <summary>
/// A pipeline file (<c>pipeline.yaml</c>, schema in <c>schemas/pipeline.schema.json</c>): where the data comes from,
/// the quality checks, the preparation (the learning transforms, fitted inside the model), the split, training (with
/// an optional search), evaluation with gates, and registration. Paths are relative to the file. Immutable.
/// </summary>
public sealed record PipelineSpec
{
    /// <summary>The pipeline's name (runs are listed under it).</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The file name used in messages.</summary>
    public required string SourceName { get; init; }

    /// <summary>The directory relative paths are resolved against (the pipeline file's).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The YAML text, as read (recorded with each run, hashed into the cache keys).</summary>
    public required string Text { get; init; }

    /// <summary>Where the data comes from.</summary>
    public required SourceSpec Source { get; init; }

    /// <summary>Quality checks the data must pass before training; null for none.</summary>
    public PartSpec<QualitySuite>? Checks { get; init; }

    /// <summary>Pre-processing fitted on the training rows and saved in the model; null for the algorithm's defaults.</summary>
    public PartSpec<TransformFile>? Prepare { get; init; }

    /// <summary>How the labelled rows are split into training and test rows.</summary>
    public required SplitSpec Split { get; init; }

    /// <summary>What to train.</summary>
    public required TrainSpec Train { get; init; }

    /// <summary>Evaluation on the test rows, and the gates the model must pass.</summary>
    public required EvaluateSpec Evaluate { get; init; }

    /// <summary>Registration in the model registry; null to stop after evaluation.</summary>
    public RegisterSpec? Register { get; init; }

    /// <summary>Retries, backoff and timeout of every step, unless <see cref="Steps"/> says otherwise.</summary>
    public required StepPolicy Defaults { get; init; }

    /// <summary>Per-step overrides of <see cref="Defaults"/>.</summary>
    public required IReadOnlyDictionary<string, StepPolicy> Steps { get; init; }

    /// <summary>When the scheduler starts runs; null for manual runs only.</summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary>The policy of step <paramref name="step"/>.</summary>
    public StepPolicy PolicyOf(string step) => Steps.TryGetValue(step, out var policy) ? policy : Defaults;

    /// <summary>Resolves <paramref name="path"/> against <see cref="BaseDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>
    /// The files a glob source matches now, full paths in ordinal name order: <c>*</c> and <c>?</c> in the file-name
    /// part only, matched literally otherwise (no 8.3 or extension quirks). Empty when the directory does not exist.
    /// The load step and the scheduler's data trigger both use this, so they see the same files.
    /// </summary>
    public IReadOnlyList<string> GlobFiles()
    {
        var pattern = Resolve(Source.Value);
        var directory = Path.GetDirectoryName(pattern)!;
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, Path.GetFileName(pattern), GlobOptions).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    private static readonly EnumerationOptions GlobOptions = new() { MatchType = MatchType.Simple, IgnoreInaccessible = true };
}

/// <summary>How the data is named: one file, a glob of files (read in name order and concatenated), or a dataset version.</summary>
public enum SourceKind
{
    /// <summary>A CSV or JSON Lines file.</summary>
    File,

    /// <summary>Files matching a pattern (<c>*</c> and <c>?</c> in the file name part), concatenated in name order.</summary>
    Glob,

    /// <summary>A dataset version in the workspace (<c>name</c>, <c>name:3</c>, <c>name:latest</c>).</summary>
    Dataset,
}

/// <summary>The <c>source</c> section.</summary>
/// <param name="Kind">File, glob or dataset.</param>
/// <param name="Value">The path, pattern or dataset reference, as written.</param>
/// <param name="SchemaFile">A schema file to pin column types, or null to infer them.</param>
/// <param name="OnBadRows">fail (default), skip or quarantine.</param>
public sealed record SourceSpec(SourceKind Kind, string Value, string? SchemaFile, string OnBadRows);

/// <summary>A part given inline or by a file: the parsed value and the text it came from (hashed into cache keys).</summary>
public sealed record PartSpec<T>(T Value, string Text, string? File);

/// <summary>The <c>split</c> section.</summary>
/// <param name="Method">random, stratified or time; null: stratified for classification, random for regression.</param>
/// <param name="TestFraction">Share of labelled rows held out, in (0, 1).</param>
/// <param name="TimeColumn">For the time method: the column to order by (the latest rows are the test rows).</param>
/// <param name="Seed">Seed of the random split.</param>
public sealed record SplitSpec(string? Method, double TestFraction, string? TimeColumn, int Seed);

/// <summary>The <c>train</c> section.</summary>
/// <param name="Label">The column to predict.</param>
/// <param name="Algorithm">gbdt, forest, logistic or linear.</param>
/// <param name="Task">The task, or null for the automatic choice.</param>
/// <param name="Parameters">Hyperparameters as in <c>keel train --param</c>.</param>
/// <param name="Search">An optional search that picks parameters before the final fit.</param>
public sealed record TrainSpec(string Label, string Algorithm, LearningTask? Task, IReadOnlyDictionary<string, string> Parameters, SearchSpec? Search);

/// <summary>The <c>train.search</c> section.</summary>
/// <param name="Method">grid, random or halving.</param>
/// <param name="Space">Values to try per parameter.</param>
/// <param name="Trials">Candidates sampled for random and halving (grid tries all).</param>
/// <param name="Folds">Cross-validation folds on the training rows.</param>
/// <param name="Metric">The metric that ranks candidates; null: auc for classification, rmse for regression.</param>
public sealed record SearchSpec(string Method, IReadOnlyDictionary<string, string[]> Space, int Trials, int Folds, string? Metric);

/// <summary>The <c>evaluate</c> section.</summary>
/// <param name="Gates">Conditions on the test metrics, possibly against an alias (<c>f1 &gt;= champion.f1 - 0.01</c>).</param>
/// <param name="Report">Whether to write the HTML evaluation report as a run artifact.</param>
public sealed record EvaluateSpec(IReadOnlyList<ModelGate> Gates, bool Report);

/// <summary>The <c>register</c> section.</summary>
/// <param name="Model">The registered model's name.</param>
/// <param name="Alias">An alias to point at the new version when every gate passes (e.g. champion); null for none.</param>
/// <param name="Tags">Tags of the new version.</param>
/// <param name="Description">Description of the new version.</param>
public sealed record RegisterSpec(string Model, string? Alias, IReadOnlyDictionary<string, string> Tags, string? Description);

/// <summary>How a step is run: extra attempts after a failure, the wait before the first retry (doubling after each), and a time limit per attempt.</summary>
public sealed record StepPolicy(int Retries, TimeSpan RetryBackoff, TimeSpan? Timeout)
{
    /// <summary>No retry, 5 s backoff if retries are set, no timeout.</summary>
    public static StepPolicy Default { get; } = new(0, TimeSpan.FromSeconds(5), null);
}

/// <summary>How the scheduler combines a cron schedule with new data.</summary>
public enum ScheduleMode
{
    /// <summary>Both fire independently.</summary>
    Any,

    /// <summary>On schedule or when new data arrives, whichever comes first: a scheduled fire is skipped when a data-triggered run already started since the previous scheduled time.</summary>
    First,
}

/// <summary>The <c>schedule</c> section.</summary>
/// <param name="Cron">A Quartz cron expression (seconds first: <c>0 0 2 * * ?</c> is 02:00 every day), or null.</param>
/// <param name="OnNewData">Start a run when the source dataset gets a new version.</param>
/// <param name="Mode">How the two combine.</param>
/// <param name="TimeZone">The time zone of the cron expression (default UTC).</param>
public sealed record ScheduleSpec(string? Cron, bool OnNewData, ScheduleMode Mode, TimeZoneInfo TimeZone);
