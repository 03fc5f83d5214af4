namespace Keel.Learning.Trees;

/// <summary>
/// A trained random forest. Each tree's leaves hold its prediction divided by the number of bootstrap samples, so the
/// trees of one output sum to the forest's average; trees are stored sample-major, class-minor (tree t predicts
/// output t mod <see cref="OutputCount"/>). Scores raw double features (NaN = missing, which takes each split's default
/// direction). Immutable; thread-safe.
/// </summary>
public sealed class RandomForestModel
{
    private const double MinProbability = 1e-15;

    // The trees' leaves are already averaged, so a boosted ensemble with a zero baseline sums them the same way.
    private readonly GbdtModel _sum;

    internal RandomForestModel(LearningTask task, int classCount, GbdtTree[] trees, FeatureMatrix schema, double oobScore)
    {
        Task = task;
        ClassCount = task == LearningTask.Regression ? 0 : classCount;
        OutputCount = task == LearningTask.Multiclass ? classCount : 1;
        OobScore = oobScore;
        _sum = new GbdtModel(GbdtObjective.SquaredError, new double[OutputCount], trees, schema, new GbdtHistory([], null, trees.Length / OutputCount));
    }

    /// <summary>Binary, multiclass or regression; fixes what <see cref="PredictRaw"/> returns.</summary>
    public LearningTask Task { get; }

    /// <summary>Classes the probabilities cover: 2 for binary, k for multiclass, 0 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>Raw scores per row: the number of classes for multiclass, otherwise 1.</summary>
    public int OutputCount { get; }

    /// <summary>Bootstrap samples (trees per output).</summary>
    public int TreeCount => _sum.Rounds;

    /// <summary>
    /// Out-of-bag score as scikit-learn's <c>oob_score_</c>: each training row predicted by the trees whose bootstrap
    /// left it out, scored by accuracy (classification) or R² (regression) over the rows that have such trees. NaN
    /// without bootstrap, and in a model read from a file that did not record it.
    /// </summary>
    public double OobScore { get; }

    /// <summary>The training features, in the column order <see cref="PredictRaw"/> expects.</summary>
    public IReadOnlyList<string> FeatureNames => _sum.FeatureNames;

    internal IReadOnlyList<GbdtTree> Trees => _sum.Trees;

    /// <summary>
    /// Total split gain per feature over all trees, in feature order: each split's gain is half its bootstrap-weighted
    /// squared-error decrease (the Gini decrease, up to a constant, for classes), so this is scikit-learn's mean
    /// decrease in impurity before its per-tree normalisation; rankings agree closely, values are not scaled to sum 1.
    /// </summary>
    public double[] FeatureImportance() => _sum.FeatureImportance();

    internal IReadOnlyList<FeatureKind> FeatureKinds => _sum.FeatureKinds;

    internal IReadOnlyList<int> CategoryCounts => _sum.CategoryCounts;

    /// <summary>
    /// Writes raw scores, row-major: output[row·<see cref="OutputCount"/> + k], in the form <see cref="OutputLink"/>
    /// turns into the forest's probabilities: binary, the log-odds of the averaged class-1 probability (clipped to
    /// [1e-15, 1 − 1e-15]); multiclass, the log of each normalised averaged class probability (at least 1e-15);
    /// regression, the mean of the trees. O(rows · trees · depth).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has other features than the training data, or <paramref name="output"/> is too short.</exception>
    public void PredictRaw(FeatureMatrix x, Span<double> output)
    {
        _sum.PredictRaw(x, output);
        var k = OutputCount;
        for (var i = 0; i < x.Rows; i++)
        {
            var row = output.Slice(i * k, k);
            if (Task == LearningTask.Binary)
            {
                var p = Math.Clamp(row[0], MinProbability, 1 - MinProbability);
                row[0] = Math.Log(p / (1 - p));
            }
            else if (Task == LearningTask.Multiclass)
            {
                var total = 0.0;
                foreach (var v in row)
                {
                    total += Math.Max(v, 0);
                }
                for (var c = 0; c < k; c++)
                {
                    var p = total > 0 ? Math.Max(row[c], 0) / total : 1.0 / k;
                    row[c] = Math.Log(Math.Max(p, MinProbability));
                }
            }
        }
    }
}
