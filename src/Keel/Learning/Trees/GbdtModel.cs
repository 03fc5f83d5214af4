using Keel.Learning.Scoring;

namespace Keel.Learning.Trees;

/// <summary>
/// A trained gradient-boosted tree ensemble. Scores raw double features (NaN = missing, which takes each split's
/// learned default direction; an unknown category code does the same). Immutable; thread-safe.
/// </summary>
public sealed class GbdtModel
{
    private readonly GbdtTree[] _trees;
    private readonly double[] _baseline;
    private readonly string[] _featureNames;
    private readonly FeatureKind[] _kinds;
    private readonly int[] _categoryCounts;
    private readonly CompiledTrees _scorer;

    internal GbdtModel(
        GbdtObjective objective, double[] baseline, GbdtTree[] trees,
        FeatureMatrix schema, GbdtHistory history)
    {
        Objective = objective;
        _baseline = baseline;
        _trees = trees;
        _featureNames = schema.Names.ToArray();
        _kinds = new FeatureKind[schema.Columns];
        _categoryCounts = new int[schema.Columns];
        for (var j = 0; j < schema.Columns; j++)
        {
            _kinds[j] = schema.Kind(j);
            _categoryCounts[j] = schema.CategoryCount(j);
        }
        History = history;
        _scorer = CompiledTrees.Compile(trees, baseline, _categoryCounts);
    }

    /// <summary>The loss the model was trained for; fixes what <see cref="PredictRaw"/> returns.</summary>
    public GbdtObjective Objective { get; }

    /// <summary>Raw scores per row: the number of classes for softmax, otherwise 1.</summary>
    public int OutputCount => _baseline.Length;

    /// <summary>Classes the probabilities cover: 2 for binary, k for softmax, 0 for regression.</summary>
    public int ClassCount => Objective switch
    {
        GbdtObjective.BinaryLogLoss => 2,
        GbdtObjective.MulticlassSoftmax => _baseline.Length,
        _ => 0,
    };

    /// <summary>Boosting rounds kept (trees per output).</summary>
    public int Rounds => _trees.Length / OutputCount;

    /// <summary>The raw score before any tree, per output (log-odds, class log-priors, or the mean label).</summary>
    public IReadOnlyList<double> Baseline => _baseline;

    /// <summary>The training features, in the column order <see cref="PredictRaw"/> expects.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>Per-round losses of the training run that produced this model.</summary>
    public GbdtHistory History { get; }

    internal IReadOnlyList<GbdtTree> Trees => _trees;

    /// <summary>How each feature was treated in training (stored in model files).</summary>
    internal IReadOnlyList<FeatureKind> FeatureKinds => _kinds;

    /// <summary>Category counts of categorical features, 0 for numeric ones (stored in model files).</summary>
    internal IReadOnlyList<int> CategoryCounts => _categoryCounts;

    // Features of a one-row request copied to the stack (8 KB at most).
    private const int MaxStackRow = 1024;

    /// <summary>
    /// Writes raw scores, row-major: output[row·<see cref="OutputCount"/> + k]. O(rows · trees · depth). Large inputs
    /// are scored in parallel blocks of rows; every row's sum is taken in tree order, so the result does not depend on
    /// the thread count.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has other features than the training data, or <paramref name="output"/> is too short.</exception>
    public void PredictRaw(FeatureMatrix x, Span<double> output)
    {
        CheckInput(x, output.Length, OutputCount);
        if (x.Rows == 1 && x.Columns <= MaxStackRow)
        {
            // One row (a typical request): through ScoreRow, which walks four trees at a time, without gathering the columns first.
            Span<double> row = stackalloc double[x.Columns];
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = x.Column(j)[0];
            }
            _scorer.ScoreRow(row, output);
            return;
        }
        var columns = new double[x.Columns][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = x.ColumnArray(j);
        }
        _scorer.Score(columns, x.Rows, output);
    }

    /// <summary>The trees compiled for scoring (also serves single rows through <see cref="CompiledTrees.ScoreRow"/>).</summary>
    internal CompiledTrees Scorer => _scorer;

    /// <summary>
    /// Writes class probabilities, row-major: output[row·<see cref="ClassCount"/> + c] (binary: P(0), P(1)).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    public void PredictProbabilities(FeatureMatrix x, Span<double> output)
    {
        if (Objective == GbdtObjective.SquaredError)
        {
            throw new InvalidOperationException("a regression model has no class probabilities; use PredictRaw");
        }
        var classes = ClassCount;
        CheckInput(x, output.Length, classes);
        var raw = new double[x.Rows * OutputCount];
        PredictRaw(x, raw);
        for (var i = 0; i < x.Rows; i++)
        {
            if (Objective == GbdtObjective.BinaryLogLoss)
            {
                var p = GbdtLoss.Sigmoid(raw[i]);
                output[2 * i] = 1 - p;
                output[(2 * i) + 1] = p;
            }
            else
            {
                OutputLink.Softmax(raw.AsSpan(i * classes, classes), output.Slice(i * classes, classes));
            }
        }
    }

    /// <summary>Total split gain (XGBoost eq. 7) per feature over all trees, in feature order (LightGBM's "gain" importance).</summary>
    public double[] FeatureImportance()
    {
        var importance = new double[_featureNames.Length];
        foreach (var tree in _trees)
        {
            for (var n = 0; n < tree.NodeCount; n++)
            {
                importance[tree.Feature[n]] += tree.Gain[n];
            }
        }
        return importance;
    }

    private void CheckInput(FeatureMatrix x, int outputLength, int perRow)
    {
        if (x.Columns != _featureNames.Length)
        {
            throw new ArgumentException($"the model takes {_featureNames.Length} features, the matrix has {x.Columns}", nameof(x));
        }
        for (var j = 0; j < x.Columns; j++)
        {
            if (x.Kind(j) != _kinds[j])
            {
                throw new ArgumentException($"feature {j} ('{x.Names[j]}') is {x.Kind(j)}, the model was trained on {_kinds[j]}", nameof(x));
            }
        }
        if (outputLength < x.Rows * perRow)
        {
            throw new ArgumentException($"output holds {outputLength} values, {x.Rows * perRow} needed", nameof(outputLength));
        }
    }
}
