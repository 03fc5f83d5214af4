using Keel.Data;
using Keel.Data.Expressions;
using Keel.Data.Quality;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Learning.Transforms;
using Keel.Registry;
using YamlDotNet.RepresentationModel;

namespace Keel.Pipelines;

/// <summary>
/// Reads pipeline files. Every problem is collected with its line and column and reported together
/// (<see cref="PipelineSpecException"/>): unknown fields and sections, wrong types, unknown algorithms and parameters,
/// bad gates and cron expressions, missing files. Checks and transforms may be given inline or as a file of their own.
/// </summary>
public static class PipelineFile
{
    /// <summary>The steps a pipeline runs, in order (a step's policy can be set under <c>steps:</c>).</summary>
    public static IReadOnlyList<string> StepNames { get; } = ["load", "validate", "split", "train", "evaluate", "report", "register"];

    private static readonly string[] TopLevel = ["name", "description", "source", "checks", "prepare", "split", "train", "evaluate", "register", "defaults", "steps", "schedule"];

    /// <summary>Reads and checks a pipeline file.</summary>
    /// <exception cref="PipelineSpecException">Every problem found.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PipelineSpec Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetFileName(full), Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses pipeline YAML; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="PipelineSpecException">Every problem found.</exception>
    public static PipelineSpec Parse(string text, string sourceName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var root = LoadRoot(text, sourceName, errors);
        if (root is null)
        {
            throw new PipelineSpecException(sourceName, errors);
        }
        var top = new PipelineFields(root, sourceName, "pipeline", errors, TopLevel);
        var name = top.Text("name", required: true);
        if (name is not null && !ModelReference.IsValidName(name, out var problem))
        {
            top.Error(top.SpotOf("name"), problem.Replace("model name", "pipeline name", StringComparison.Ordinal));
        }
        var context = new Context(sourceName, baseDirectory, errors);
        var source = ReadSource(top.Section("source", required: true), context);
        var checks = ReadPart(top, "checks", context, (node, file) => QualitySuite.FromList(node, file), QualitySuite.Load, "checks");
        var prepare = ReadPart(top, "prepare", context, (node, file) => TransformFile.FromList(node, file), TransformFile.Load, "transforms");
        var split = ReadSplit(top.Section("split"));
        var train = ReadTrain(top.Section("train", required: true));
        var evaluate = ReadEvaluate(top.Section("evaluate"));
        var register = ReadRegister(top.Section("register"));
        var defaults = ReadPolicy(top.Section("defaults"), StepPolicy.Default);
        var steps = ReadSteps(top.Section("steps"), defaults);
        var schedule = ReadSchedule(top.Section("schedule"), source);
        top.Finish();
        if (errors.Count > 0)
        {
            throw new PipelineSpecException(sourceName, errors);
        }
        return new PipelineSpec
        {
            Name = name!,
            Description = top.Has("description") ? top.Text("description", required: false) : null,
            SourceName = sourceName,
            BaseDirectory = baseDirectory,
            Text = text,
            Source = source!,
            Checks = checks,
            Prepare = prepare,
            Split = split,
            Train = train!,
            Evaluate = evaluate,
            Register = register,
            Defaults = defaults,
            Steps = steps,
            Schedule = schedule,
        };
    }

    private sealed record Context(string SourceName, string BaseDirectory, List<string> Errors)
    {
        public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));
    }

    private static YamlMappingNode? LoadRoot(string text, string sourceName, List<string> errors) =>
        YamlDocuments.LoadRoot(text, sourceName, "expected a mapping with at least 'name', 'source' and 'train'", errors);

    private static SourceSpec? ReadSource(PipelineFields? f, Context context)
    {
        if (f is null)
        {
            return null;
        }
        var file = f.Text("file", required: false);
        var glob = f.Text("glob", required: false);
        var dataset = f.Text("dataset", required: false);
        var schema = f.Text("schema", required: false);
        var onBadRows = f.Choice("on_bad_rows", ["fail", "skip", "quarantine"]) ?? "fail";
        f.Finish();
        var given = new[] { file, glob, dataset }.Count(v => v is not null);
        if (given != 1)
        {
            f.Error(f.Where, given == 0
                ? "give the data as one of 'file', 'glob' or 'dataset'"
                : "give only one of 'file', 'glob' or 'dataset'");
            return null;
        }
        if (file is not null && !File.Exists(context.Resolve(file)))
        {
            f.Error(f.SpotOf("file"), $"file '{file}' does not exist (looked for {context.Resolve(file)})");
        }
        if (glob is not null && Path.GetDirectoryName(glob) is { } directory && (directory.Contains('*', StringComparison.Ordinal) || directory.Contains('?', StringComparison.Ordinal)))
        {
            f.Error(f.SpotOf("glob"), $"'{glob}': wildcards are allowed in the file name only, not in directories");
        }
        if (dataset is not null && !Storage.DatasetReference.TryParse(dataset, out _, out var datasetError))
        {
            f.Error(f.SpotOf("dataset"), datasetError);
        }
        if (schema is not null && !File.Exists(context.Resolve(schema)))
        {
            f.Error(f.SpotOf("schema"), $"schema file '{schema}' does not exist");
        }
        return file is not null ? new SourceSpec(SourceKind.File, file, schema, onBadRows)
            : glob is not null ? new SourceSpec(SourceKind.Glob, glob, schema, onBadRows)
            : new SourceSpec(SourceKind.Dataset, dataset!, schema, onBadRows);
    }

    /// <summary>A part given inline (a list) or by file (a path): parsed with the part's own reader, errors merged.</summary>
    private static PartSpec<T>? ReadPart<T>(
        PipelineFields top, string field, Context context, Func<YamlSequenceNode, string, T> fromList, Func<string, T> fromFile, string what)
        where T : class
    {
        var node = top.Raw(field);
        try
        {
            switch (node)
            {
                case null:
                    return null;
                case YamlSequenceNode list:
                    return new PartSpec<T>(fromList(list, context.SourceName), Slice(list), null);
                case YamlScalarNode { Value: { Length: > 0 } path }:
                    var full = context.Resolve(path);
                    if (!File.Exists(full))
                    {
                        top.Error(top.Spot(node), $"'{field}': {what} file '{path}' does not exist (looked for {full})");
                        return null;
                    }
                    return new PartSpec<T>(fromFile(full), File.ReadAllText(full), path);
                default:
                    top.Error(top.Spot(node), $"'{field}' must be a list of {what} or the path of a {what} file");
                    return null;
            }
        }
        catch (Exception ex) when (ex is QualitySuiteException or TransformFileException)
        {
            context.Errors.AddRange(ex is QualitySuiteException q ? q.Errors : ((TransformFileException)ex).Errors);
            return null;
        }
    }

    /// <summary>The text a node spans, for cache keys (stable while the node's YAML is unchanged).</summary>
    private static string Slice(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static SplitSpec ReadSplit(PipelineFields? f)
    {
        if (f is null)
        {
            return new SplitSpec(null, 0.2, null, 0);
        }
        var method = f.Choice("method", ["random", "stratified", "time"]);
        var test = f.Number("test");
        if (test is { } t && t is <= 0 or >= 1)
        {
            f.Error(f.SpotOf("test"), $"'test' is the share of rows held out and must be between 0 and 1 (exclusive), got {t}");
        }
        var timeColumn = f.Text("time_column", required: method == "time");
        var seed = f.Int("seed", int.MinValue);
        f.Finish();
        return new SplitSpec(method, test ?? 0.2, timeColumn, seed ?? 0);
    }

    private static TrainSpec? ReadTrain(PipelineFields? f)
    {
        if (f is null)
        {
            return null;
        }
        var label = f.Text("label", required: true);
        var algorithm = f.Choice("algorithm", ModelTrainer.ParameterNames.Keys.Order(StringComparer.Ordinal).ToArray(), required: true);
        var task = f.Choice("task", ["auto", "binary", "multiclass", "regression"]);
        var parameters = f.Scalars("params") ?? new Dictionary<string, string>();
        if (algorithm is not null)
        {
            CheckParameterNames(f, "params", algorithm, parameters.Keys);
        }
        var search = ReadSearch(f.Section("search"), algorithm);
        f.Finish();
        if (label is null || algorithm is null)
        {
            return null;
        }
        LearningTask? learningTask = task switch
        {
            "binary" => LearningTask.Binary,
            "multiclass" => LearningTask.Multiclass,
            "regression" => LearningTask.Regression,
            _ => null,
        };
        return new TrainSpec(label, algorithm, learningTask, parameters, search);
    }

    private static void CheckParameterNames(PipelineFields f, string field, string algorithm, IEnumerable<string> names)
    {
        var allowed = ModelTrainer.ParameterNames[algorithm];
        foreach (var name in names)
        {
            if (!allowed.Contains(name))
            {
                f.Error(f.SpotOf(field), $"parameter '{name}' does not apply to {algorithm}; it takes: {string.Join(", ", allowed)}");
            }
        }
    }

    private static SearchSpec? ReadSearch(PipelineFields? f, string? algorithm)
    {
        if (f is null)
        {
            return null;
        }
        var method = f.Choice("method", ["grid", "random", "halving"]) ?? "grid";
        var trials = f.Int("trials", 1) ?? 10;
        var folds = f.Int("cv", 2, 20) ?? 3;
        var metric = f.Choice("metric", ["auc", "accuracy", "f1", "precision", "recall", "log_loss", "rmse", "mae", "r2"]);
        var space = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (f.Section("space", required: true) is { } s)
        {
            foreach (var (key, value) in s.Node.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (value is YamlSequenceNode list && list.Children.Count > 0 && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
                {
                    space[name] = list.Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();
                }
                else
                {
                    s.Error(s.Spot(value), $"'{name}' must list the values to try, e.g. [15, 31, 63]");
                }
            }
            if (algorithm is not null)
            {
                CheckParameterNames(s, "space", algorithm, space.Keys);
            }
        }
        f.Finish();
        return new SearchSpec(method, space, trials, folds, metric);
    }

    private static EvaluateSpec ReadEvaluate(PipelineFields? f)
    {
        if (f is null)
        {
            return new EvaluateSpec([], true);
        }
        var gates = new List<ModelGate>();
        foreach (var (text, node) in f.List("gates") ?? [])
        {
            try
            {
                gates.Add(ModelGate.Parse(text));
            }
            catch (ExpressionException ex)
            {
                f.Error(f.Spot(node), $"gate '{text}': {ex.Message}");
            }
        }
        var report = f.Bool("report") ?? true;
        f.Finish();
        return new EvaluateSpec(gates, report);
    }

    private static RegisterSpec? ReadRegister(PipelineFields? f)
    {
        if (f is null)
        {
            return null;
        }
        var model = f.Text("model", required: true);
        if (model is not null && !ModelReference.IsValidName(model, out var problem))
        {
            f.Error(f.SpotOf("model"), problem);
        }
        var alias = f.Text("alias", required: false);
        if (alias is not null && !ModelReference.IsValidAlias(alias, out var aliasProblem))
        {
            f.Error(f.SpotOf("alias"), aliasProblem);
        }
        var tags = f.Scalars("tags") ?? new Dictionary<string, string>();
        var description = f.Text("description", required: false);
        f.Finish();
        return model is null ? null : new RegisterSpec(model, alias, tags, description);
    }

    private static StepPolicy ReadPolicy(PipelineFields? f, StepPolicy defaults)
    {
        if (f is null)
        {
            return defaults;
        }
        var retries = f.Int("retries", 0, 20);
        var backoff = f.Duration("retry_backoff");
        var timeout = f.Duration("timeout");
        f.Finish();
        return new StepPolicy(retries ?? defaults.Retries, backoff ?? defaults.RetryBackoff, timeout ?? defaults.Timeout);
    }

    private static Dictionary<string, StepPolicy> ReadSteps(PipelineFields? f, StepPolicy defaults)
    {
        var steps = new Dictionary<string, StepPolicy>(StringComparer.Ordinal);
        if (f is null)
        {
            return steps;
        }
        foreach (var key in f.Node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!StepNames.Contains(name))
            {
                f.Error(f.Spot(key), $"unknown step '{name}'; the steps are: {string.Join(", ", StepNames)}");
                continue;
            }
            steps[name] = ReadPolicy(f.Section(name), defaults);
        }
        return steps;
    }

    private static ScheduleSpec? ReadSchedule(PipelineFields? f, SourceSpec? source)
    {
        if (f is null)
        {
            return null;
        }
        var cron = f.Cron("cron", required: false);
        var onNewData = f.Bool("on_new_data") ?? false;
        var mode = f.Choice("mode", ["any", "first"]) == "any" ? ScheduleMode.Any : ScheduleMode.First;
        var zone = f.TimeZone("time_zone") ?? TimeZoneInfo.Utc;
        f.Finish();
        if (!f.Has("cron") && !onNewData)
        {
            f.Error(f.Where, "a schedule needs a 'cron' expression, 'on_new_data: true', or both");
        }
        if (onNewData && source is not null && source.Kind == SourceKind.File)
        {
            f.Error(f.SpotOf("on_new_data"), "'on_new_data' watches a dataset or a glob for new data; a single file has no new versions");
        }
        return new ScheduleSpec(cron, onNewData, mode, zone);
    }
}
