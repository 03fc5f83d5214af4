using Keel.Learning.Trees;

namespace Keel.Learning.Explain;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, "Consistent Individualized Feature Attribution for
/// Tree Ensembles", Algorithm 2; the recursion follows the reference implementation in the shap library's
/// <c>tree_shap.h</c>). Polynomial time: O(rows · trees · leaves · depth²).
/// <para>
/// Keel's trees do not store training cover, so the cover of each node is counted from a background matrix the caller
/// passes: the number of background rows that reach the node, routed exactly as scoring routes them (NaN and unknown
/// category codes take the default direction, categorical splits use the category set). φ then sums to
/// f(x) − E_background[f(X)]; passing the training data reproduces the usual training-cover TreeSHAP.
/// </para>
/// </summary>
public static class TreeShap
{
    /// <summary>
    /// Explains the raw scores of <paramref name="rows"/> (log-odds for binary, per-class raw scores for softmax, the
    /// prediction for regression) relative to the mean raw score over <paramref name="background"/>.
    /// Deterministic: the same inputs give bit-identical values.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix has other features than the model, or the background is empty.</exception>
    public static ShapValues Explain(GbdtModel model, FeatureMatrix background, FeatureMatrix rows) =>
        Explain(new Ensemble(model.Trees, model.Baseline, model.FeatureNames, model.FeatureKinds, model.CategoryCounts), background, rows);

    /// <summary>
    /// Explains the forest's averaged tree output for <paramref name="rows"/> relative to its mean over
    /// <paramref name="background"/>, as the shap library's <c>TreeExplainer</c> does for scikit-learn forests: the
    /// averaged class-1 probability for binary; for multiclass, one output per class, the average of that class's
    /// indicator trees (each class has its own trees, so the k outputs sum to about 1, not exactly: the model's
    /// probabilities are these normalised); the mean prediction for regression. For classifiers this is
    /// <em>not</em> what <see cref="RandomForestModel.PredictRaw"/> returns (the log-odds or log of the probabilities):
    /// the link is nonlinear, and only the averaged sum of trees has an exact additive attribution. Deterministic.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix has other features than the model, or the background is empty.</exception>
    public static ShapValues Explain(RandomForestModel model, FeatureMatrix background, FeatureMatrix rows) =>
        Explain(new Ensemble(model.Trees, new double[model.OutputCount], model.FeatureNames, model.FeatureKinds, model.CategoryCounts), background, rows);

    // Both model kinds are sums of trees: tree t adds to output t mod outputs, on top of a per-output baseline.
    private static ShapValues Explain(Ensemble ensemble, FeatureMatrix background, FeatureMatrix rows)
    {
        CheckFeatures(ensemble, background, nameof(background));
        CheckFeatures(ensemble, rows, nameof(rows));
        if (background.Rows == 0)
        {
            throw new ArgumentException("the background data has no rows", nameof(background));
        }
        var features = ensemble.FeatureNames.Count;
        var outputs = ensemble.Baseline.Count;
        var categoryCounts = ensemble.CategoryCounts.ToArray();
        var backgroundColumns = Columns(background);
        var rowColumns = Columns(rows);
        var values = new double[outputs][];
        var expected = new double[outputs];
        for (var k = 0; k < outputs; k++)
        {
            values[k] = new double[rows.Rows * features];
            expected[k] = ensemble.Baseline[k];
        }
        var x = new double[features];
        var trees = ensemble.Trees;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var k = t % outputs;
            var cover = TreeCover.Count(tree, backgroundColumns, categoryCounts);
            expected[k] += cover.ExpectedLeafValue(tree);
            if (tree.NodeCount == 0)
            {
                continue;
            }
            var explainer = new TreePathExplainer(tree, cover, categoryCounts);
            for (var i = 0; i < rows.Rows; i++)
            {
                for (var j = 0; j < features; j++)
                {
                    x[j] = rowColumns[j][i];
                }
                explainer.Explain(x, values[k].AsSpan(i * features, features));
            }
        }
        return new ShapValues(values, expected, rows.Rows, features);
    }

    private static double[][] Columns(FeatureMatrix x)
    {
        var columns = new double[x.Columns][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = x.ColumnArray(j);
        }
        return columns;
    }

    private static void CheckFeatures(Ensemble ensemble, FeatureMatrix x, string name)
    {
        var names = ensemble.FeatureNames;
        if (x.Columns != names.Count)
        {
            throw new ArgumentException($"the model takes {names.Count} features, the matrix has {x.Columns}", name);
        }
        for (var j = 0; j < x.Columns; j++)
        {
            if (x.Kind(j) != ensemble.FeatureKinds[j])
            {
                throw new ArgumentException($"feature {j} ('{x.Names[j]}') is {x.Kind(j)}, the model was trained on {ensemble.FeatureKinds[j]}", name);
            }
        }
    }

    private readonly record struct Ensemble(
        IReadOnlyList<GbdtTree> Trees,
        IReadOnlyList<double> Baseline,
        IReadOnlyList<string> FeatureNames,
        IReadOnlyList<FeatureKind> FeatureKinds,
        IReadOnlyList<int> CategoryCounts);
}
