using System.Globalization;
using Keel.Data;
using Keel.Data.Profiles;
using Keel.Learning.Linear;
using Keel.Learning.Predictors;
using Keel.Learning.Transforms;
using Keel.Learning.Trees;

namespace Keel.Learning.Training;

/// <summary>
/// Trains a <see cref="Model"/> from an in-memory frame: decide the task, drop rows without a label (counted),
/// fit the pre-processing, encode features, fit the learner, measure. Without explicit transforms, linear
/// learners get what they need to accept messy data — median imputation of numeric columns that have gaps,
/// one-hot encoding of categorical columns, standard scaling — and tree learners get none (they handle missing
/// values and categories themselves).
/// </summary>
public static class ModelTrainer
{
    /// <summary>The hyperparameters each algorithm accepts (names as in <c>keel train --param</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> ParameterNames { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [LogisticPredictor.Name] = ["l2", "max_iter", "seed"],
        [LinearPredictor.Name] = ["l2", "seed"],
        [GbdtPredictor.Name] = ["rounds", "learning_rate", "max_leaves", "max_depth", "min_samples_leaf", "l2", "subsample", "colsample", "early_stopping", "seed"],
        [ForestPredictor.Name] = ["trees", "max_leaves", "max_depth", "min_samples_leaf", "colsample", "seed"],
    };

    /// <summary>Trains on <paramref name="train"/>; <paramref name="validation"/> (optional) is only measured.</summary>
    /// <exception cref="ArgumentException">Bad options, label or parameters; the message says which and what is accepted.</exception>
    public static TrainingResult Train(Frame train, Frame? validation, TrainingOptions options, DatasetProfile? reference, ModelLineage lineage)
    {
        if (!ParameterNames.TryGetValue(options.Algorithm, out var allowed))
        {
            throw new ArgumentException($"unknown algorithm '{options.Algorithm}'; expected one of: {string.Join(", ", ParameterNames.Keys.Order(StringComparer.Ordinal))}");
        }
        foreach (var name in options.Parameters.Keys)
        {
            if (!allowed.Contains(name))
            {
                throw new ArgumentException($"parameter '{name}' does not apply to {options.Algorithm}; it takes: {string.Join(", ", allowed)}");
            }
        }
        var label = LabelEncoder.Fit(train, options.Label, options.Task);
        RequireTaskFits(options.Algorithm, label.Task);
        var labelled = LabelledRows(train, label);
        var unlabelled = train.RowCount - labelled.Length;
        if (labelled.Length == 0)
        {
            throw new ArgumentException($"no training row has a value in label column '{label.Column}'");
        }
        var rows = unlabelled == 0 ? train : FrameRows.Select(train, labelled);
        var specs = options.Transforms ?? DefaultTransforms(options.Algorithm, rows, label.Column);
        var seed = Int(options.Parameters, "seed", 0);
        var (pipeline, transformed) = TransformPipeline.FitTransform(specs, rows, new TransformContext { Label = label.Column, Seed = seed });
        var features = FeatureEncoder.Fit(transformed, [label.Column]);
        var x = features.Encode(transformed);
        // A validation set also drives early stopping for boosted trees; it goes through the same fitted pre-processing.
        var validRows = validation is null ? null : UsableValidationRows(validation, label);
        var validX = validRows is null ? null : features.Encode(pipeline.Apply(validRows));
        var predictor = Fit(options, label, x, transformed, validX, validRows);
        var model = new Model(label, pipeline, features, predictor, train.Schema, reference,
            new Dictionary<string, double>(), options.Parameters, lineage);
        var trainingMetrics = ModelEvaluation.Evaluate(model, rows, out _);
        var validationMetrics = validation is null ? null : ModelEvaluation.Evaluate(model, validation, out _);
        var final = new Model(label, pipeline, features, predictor, train.Schema, reference,
            validationMetrics ?? trainingMetrics, options.Parameters, lineage)
        {
            // Predictions on rows the model learned from are sharper than on new data (a flexible learner fits them), so the
            // reference for prediction drift is the validation data when there is some.
            PredictionProfile = reference is null ? null : PredictionColumn.Profile(model, validation ?? rows, reference.Options),
        };
        return new TrainingResult(final, rows.RowCount, unlabelled, options.Transforms is null, trainingMetrics, validationMetrics);
    }

    private static IPredictor Fit(TrainingOptions options, LabelEncoder label, FeatureMatrix x, Frame rows, FeatureMatrix? validX, Frame? validation)
    {
        var p = options.Parameters;
        switch (options.Algorithm)
        {
            case GbdtPredictor.Name:
                var gbdt = new GbdtOptions
                {
                    Objective = label.Task switch
                    {
                        LearningTask.Binary => GbdtObjective.BinaryLogLoss,
                        LearningTask.Multiclass => GbdtObjective.MulticlassSoftmax,
                        _ => GbdtObjective.SquaredError,
                    },
                    ClassCount = label.Classes.Count,
                    Rounds = Int(p, "rounds", 100),
                    LearningRate = p.ContainsKey("learning_rate") ? Positive(p, "learning_rate") : 0.1,
                    MaxLeaves = Int(p, "max_leaves", 31),
                    MaxDepth = p.ContainsKey("max_depth") ? Int(p, "max_depth", -1) : -1,
                    MinSamplesLeaf = Int(p, "min_samples_leaf", 20),
                    L2Regularization = p.ContainsKey("l2") ? NonNegative(p, "l2") : 0,
                    RowSubsample = p.ContainsKey("subsample") ? Fraction(p, "subsample") : 1,
                    ColumnSubsample = p.ContainsKey("colsample") ? Fraction(p, "colsample") : 1,
                    EarlyStoppingRounds = Int(p, "early_stopping", 10),
                    Seed = Int(p, "seed", 0),
                    Progress = options.Progress,
                };
                var targets = Targets(label, rows);
                var model = validX is null
                    ? new GbdtTrainer(gbdt).Fit(x, targets)
                    : new GbdtTrainer(gbdt).Fit(x, targets, validX, Targets(label, validation!));
                return new GbdtPredictor(model);
            case ForestPredictor.Name:
                var forest = new RandomForestOptions
                {
                    Task = label.Task,
                    ClassCount = label.Task == LearningTask.Multiclass ? label.Classes.Count : 0,
                    Trees = Int(p, "trees", 100),
                    MaxLeaves = Int(p, "max_leaves", 1023),
                    MaxDepth = p.ContainsKey("max_depth") ? Int(p, "max_depth", -1) : -1,
                    MinSamplesLeaf = Int(p, "min_samples_leaf", 1),
                    ColumnSubsample = p.ContainsKey("colsample") ? Fraction(p, "colsample") : null,
                    Seed = Int(p, "seed", 0),
                    Progress = options.Progress,
                };
                return new ForestPredictor(new RandomForestTrainer(forest).Fit(x, Targets(label, rows)));
            case LogisticPredictor.Name:
                var logistic = p.ContainsKey("l2")
                    ? new LogisticRegression { MaxIterations = Int(p, "max_iter", 100), L2 = Positive(p, "l2"), Progress = options.Progress }
                    : new LogisticRegression { MaxIterations = Int(p, "max_iter", 100), Progress = options.Progress };
                return new LogisticPredictor(logistic.Fit(x, label.EncodeClasses(rows)));
            case LinearPredictor.Name:
                var l2 = p.ContainsKey("l2") ? NonNegative(p, "l2") : 0;
                var y = label.EncodeValues(rows);
                return new LinearPredictor(l2 > 0 ? new Ridge { Alpha = l2 }.Fit(x, y) : new LinearRegression().Fit(x, y));
            default:
                throw new ArgumentException($"unknown algorithm '{options.Algorithm}'");
        }
    }

    /// <summary>Labels as the tree learner takes them: class codes or values, as doubles.</summary>
    private static double[] Targets(LabelEncoder label, Frame rows) => label.Task == LearningTask.Regression
        ? label.EncodeValues(rows)
        : label.EncodeClasses(rows).Select(c => (double)c).ToArray();

    /// <summary>Validation rows whose label is present and (for classification) a class seen in training.</summary>
    private static Frame? UsableValidationRows(Frame validation, LabelEncoder label)
    {
        var keep = new List<int>();
        if (label.Task == LearningTask.Regression)
        {
            var values = label.EncodeValues(validation);
            for (var r = 0; r < values.Length; r++)
            {
                if (!double.IsNaN(values[r]))
                {
                    keep.Add(r);
                }
            }
        }
        else
        {
            var codes = label.EncodeClasses(validation);
            for (var r = 0; r < codes.Length; r++)
            {
                if (codes[r] >= 0)
                {
                    keep.Add(r);
                }
            }
        }
        return keep.Count == 0 ? null : keep.Count == validation.RowCount ? validation : FrameRows.Select(validation, [.. keep]);
    }

    private static double Fraction(IReadOnlyDictionary<string, string> p, string name)
    {
        var v = NonNegative(p, name);
        return v is > 0 and <= 1 ? v : throw new ArgumentException($"parameter '{name}' must be in (0, 1], got '{p[name]}'");
    }

    private static void RequireTaskFits(string algorithm, LearningTask task)
    {
        if (algorithm == LogisticPredictor.Name && task == LearningTask.Regression)
        {
            throw new ArgumentException("logistic regression is for classification; the label is numeric with many values (regression): use --algorithm linear, gbdt or forest, or --task binary|multiclass");
        }
        if (algorithm == LinearPredictor.Name && task != LearningTask.Regression)
        {
            throw new ArgumentException($"linear regression predicts numbers; the label looks like {task.ToString().ToLowerInvariant()} classification: use --algorithm logistic, gbdt or forest, or --task regression");
        }
    }

    private static int[] LabelledRows(Frame frame, LabelEncoder label)
    {
        var column = frame[label.Column];
        var rows = new List<int>(frame.RowCount);
        for (var r = 0; r < frame.RowCount; r++)
        {
            if (!column.IsMissing(r))
            {
                rows.Add(r);
            }
        }
        return [.. rows];
    }

    /// <summary>The pre-processing an algorithm gets when the user names none.</summary>
    internal static IReadOnlyList<TransformSpec> DefaultTransforms(string algorithm, Frame train, string label)
    {
        if (algorithm is not (LogisticPredictor.Name or LinearPredictor.Name))
        {
            return [];
        }
        var numeric = new List<string>();
        var gaps = new List<string>();
        var categorical = new List<string>();
        for (var j = 0; j < train.Schema.Count; j++)
        {
            var column = train.Schema[j];
            if (column.Role != ColumnRole.Feature || column.Name == label)
            {
                continue;
            }
            if (column.Type == ColumnType.Numeric)
            {
                numeric.Add(column.Name);
                if (HasMissing(train.Columns[j]))
                {
                    gaps.Add(column.Name);
                }
            }
            else if (column.Type is ColumnType.Categorical or ColumnType.Boolean)
            {
                categorical.Add(column.Name);
            }
        }
        var specs = new List<TransformSpec>();
        if (gaps.Count > 0)
        {
            specs.Add(new ImputeSpec(SourceLocation.None, gaps, "median", null, addIndicator: false));
        }
        if (categorical.Count > 0)
        {
            specs.Add(new OneHotSpec(SourceLocation.None, categorical, maxCategories: 50));
        }
        if (numeric.Count > 0)
        {
            specs.Add(new ScaleSpec(SourceLocation.None, numeric, "standard"));
        }
        return specs;
    }

    private static bool HasMissing(Column column)
    {
        for (var r = 0; r < column.Length; r++)
        {
            if (column.IsMissing(r))
            {
                return true;
            }
        }
        return false;
    }

    private static int Int(IReadOnlyDictionary<string, string> p, string name, int fallback)
    {
        if (!p.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new ArgumentException($"parameter '{name}' must be a whole number ≥ 0, got '{text}'");
    }

    private static double NonNegative(IReadOnlyDictionary<string, string> p, string name)
    {
        var text = p[name];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"parameter '{name}' must be a number ≥ 0, got '{text}'");
    }

    private static double Positive(IReadOnlyDictionary<string, string> p, string name)
    {
        var v = NonNegative(p, name);
        return v > 0 ? v : throw new ArgumentException($"parameter '{name}' must be greater than 0 for this algorithm");
    }
}
