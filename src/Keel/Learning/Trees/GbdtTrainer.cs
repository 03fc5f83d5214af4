using System.Runtime.CompilerServices;

namespace Keel.Learning.Trees;

/// <summary>
/// Histogram gradient boosting (LightGBM, Ke et al. 2017; XGBoost, Chen &amp; Guestrin 2016; the design of
/// scikit-learn's HistGradientBoosting): features binned to bytes, second-order leaf-wise trees with L2 on leaf weights,
/// learned default directions for missing values, native categorical splits, optional row/column subsampling and
/// early stopping on a validation set. The same options and data give a bit-identical model at any thread count.
/// Thread-safe: each <see cref="Fit(FeatureMatrix, ReadOnlySpan{double}, FeatureMatrix?, ReadOnlySpan{double})"/> call
/// has its own state.
/// </summary>
public sealed class GbdtTrainer
{
    private const int RowsPerTask = 16_384;

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public GbdtTrainer(GbdtOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>The validated hyperparameters every fit uses.</summary>
    public GbdtOptions Options { get; }

    /// <summary>Trains on <paramref name="x"/> and labels <paramref name="y"/> for <see cref="GbdtOptions.Rounds"/> rounds.</summary>
    /// <exception cref="ArgumentException">Labels do not fit the objective, or a categorical feature has more than 254 categories.</exception>
    public GbdtModel Fit(FeatureMatrix x, ReadOnlySpan<double> y) => Fit(x, y, null, default);

    /// <summary>
    /// Trains; with a <paramref name="validation"/> set, stops once its loss has not improved for
    /// <see cref="GbdtOptions.EarlyStoppingRounds"/> rounds and keeps the rounds up to the best one.
    /// </summary>
    /// <exception cref="ArgumentException">Labels do not fit the objective, shapes disagree, or a categorical feature has more than 254 categories.</exception>
    public GbdtModel Fit(FeatureMatrix x, ReadOnlySpan<double> y, FeatureMatrix? validation, ReadOnlySpan<double> validationLabels)
    {
        var o = Options;
        if (y.Length != x.Rows || x.Rows == 0)
        {
            throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        }
        var classCount = CheckLabels(y, o);
        if (validation is not null)
        {
            var sameFeatures = validation.Columns == x.Columns;
            for (var j = 0; sameFeatures && j < x.Columns; j++)
            {
                sameFeatures = validation.Kind(j) == x.Kind(j) && validation.CategoryCount(j) == x.CategoryCount(j);
            }
            if (!sameFeatures || validationLabels.Length != validation.Rows)
            {
                throw new ArgumentException("the validation set must have the training features and one label per row", nameof(validation));
            }
            CheckLabels(validationLabels, o with { ClassCount = classCount });
        }
        var threads = o.Threads;
        var outputs = GbdtLoss.Outputs(o.Objective, classCount);
        var data = BinnedFeatures.Create(x, o.MaxBins, o.BinningSampleRows, o.Seed, threads);
        var labels = y.ToArray();
        var baseline = GbdtLoss.Baseline(o.Objective, y, classCount);
        var n = x.Rows;
        var raw = new double[n * outputs];
        Fill(raw, baseline);
        var gradients = new double[outputs][];
        var hessians = new double[outputs][];
        for (var k = 0; k < outputs; k++)
        {
            gradients[k] = new double[n];
            hessians[k] = new double[n];
        }

        double[]? validRaw = null;
        var validLabels = validation is null ? null : validationLabels.ToArray();
        double[][]? validColumns = null;
        var categoryCounts = new int[x.Columns];
        for (var j = 0; j < x.Columns; j++)
        {
            categoryCounts[j] = x.CategoryCount(j);
        }
        if (validation is not null)
        {
            validRaw = new double[validation.Rows * outputs];
            Fill(validRaw, baseline);
            validColumns = new double[validation.Columns][];
            for (var j = 0; j < validColumns.Length; j++)
            {
                validColumns[j] = validation.ColumnArray(j);
            }
        }

        var rng = new Random(o.Seed);
        var grower = new TreeGrower(data, o);
        var trees = new List<GbdtTree>(o.Rounds * outputs);
        var trainLoss = new List<double>(o.Rounds);
        var validLoss = validation is null ? null : new List<double>(o.Rounds);
        var bestLoss = double.PositiveInfinity;
        var bestRound = 0;
        for (var round = 0; round < o.Rounds; round++)
        {
            // The loss at the scores the gradients are taken at is the previous round's training loss.
            var previousLoss = GbdtLoss.Gradients(o.Objective, raw, labels, gradients, hessians, threads);
            if (round > 0)
            {
                trainLoss.Add(previousLoss);
                Report(o.Progress, round, o.Rounds, previousLoss, validLoss);
            }
            var sample = o.RowSubsample < 1 ? SampleRows(n, o.RowSubsample, rng) : null;
            for (var k = 0; k < outputs; k++)
            {
                var features = SampleFeatures(x.Columns, o.ColumnSubsample, rng);
                var tree = grower.Grow(gradients[k], hessians[k], sample, features);
                trees.Add(tree);
                if (sample is null)
                {
                    grower.AddLeafValues(tree, raw, outputs, k);
                }
                else
                {
                    AddBinned(tree, data, raw, outputs, k, threads);
                }
                if (validRaw is not null)
                {
                    for (var i = 0; i < validation!.Rows; i++)
                    {
                        validRaw[(i * outputs) + k] += tree.LeafValue[tree.Leaf(validColumns!, categoryCounts, i)];
                    }
                }
            }
            if (validRaw is null)
            {
                bestRound = round + 1;
                continue;
            }
            var loss = GbdtLoss.Mean(o.Objective, validRaw, validLabels!, threads);
            validLoss!.Add(loss);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestRound = round + 1;
            }
            else if (round + 1 - bestRound >= o.EarlyStoppingRounds)
            {
                break;
            }
        }
        trainLoss.Add(GbdtLoss.Mean(o.Objective, raw, labels, threads));
        // Early stopping ends the fit before the planned rounds: the last report says how many ran.
        Report(o.Progress, trainLoss.Count, trainLoss.Count, trainLoss[^1], validLoss);
        var kept = trees.GetRange(0, bestRound * outputs).ToArray();
        return new GbdtModel(o.Objective, baseline, kept, x, new GbdtHistory(trainLoss, validLoss, bestRound));
    }

    /// <summary>
    /// Reports round <paramref name="done"/> (1-based). A round's training loss is known once the next round's
    /// gradients are taken (or the fit ends), so each report comes then rather than computing the loss twice.
    /// </summary>
    private static void Report(IProgress<TrainingProgress>? progress, int done, int total, double loss, List<double>? validLoss) =>
        progress?.Report(new TrainingProgress(TrainingStage.Rounds, done, total, loss, validLoss is null ? double.NaN : validLoss[done - 1]));

    /// <summary>Checks labels against the objective; returns the class count (0 for regression).</summary>
    private static int CheckLabels(ReadOnlySpan<double> y, GbdtOptions o) => TreeLabels.Check(y, o.Objective switch
    {
        GbdtObjective.BinaryLogLoss => LearningTask.Binary,
        GbdtObjective.MulticlassSoftmax => LearningTask.Multiclass,
        _ => LearningTask.Regression,
    }, o.ClassCount, "softmax");

    private static void Fill(double[] raw, double[] baseline)
    {
        for (var i = 0; i < raw.Length; i += baseline.Length)
        {
            baseline.CopyTo(raw, i);
        }
    }

    /// <summary>Bernoulli row sample, ascending (XGBoost's <c>subsample</c>).</summary>
    private static int[] SampleRows(int n, double rate, Random rng)
    {
        var rows = new List<int>((int)(n * rate) + 16);
        for (var i = 0; i < n; i++)
        {
            if (rng.NextDouble() < rate)
            {
                rows.Add(i);
            }
        }
        return rows.ToArray();
    }

    /// <summary>round(rate·F) features (at least one) without replacement, ascending (XGBoost's <c>colsample_bytree</c>).</summary>
    private static int[] SampleFeatures(int features, double rate, Random rng)
    {
        var all = new int[features];
        for (var j = 0; j < features; j++)
        {
            all[j] = j;
        }
        if (rate >= 1)
        {
            return all;
        }
        var take = Math.Max(1, (int)Math.Round(rate * features));
        for (var i = 0; i < take; i++)
        {
            var k = rng.Next(i, features);
            (all[i], all[k]) = (all[k], all[i]);
        }
        var chosen = all[..take];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Adds the tree's output to every training row (rows outside the round's sample included).</summary>
    private static void AddBinned(GbdtTree tree, BinnedFeatures data, double[] raw, int outputs, int k, int threads)
    {
        var n = data.Rows;
        var tasks = (n + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            AddBinnedBlock(tree, data.Columns, raw, outputs, k, t * RowsPerTask, Math.Min(n, (t + 1) * RowsPerTask)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBinnedBlock(GbdtTree tree, byte[][] columns, double[] raw, int outputs, int k, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            raw[(i * outputs) + k] += tree.LeafValue[tree.Leaf(columns, i)];
        }
    }
}
