namespace Keel.Learning.Trees;

/// <summary>
/// Random forest (Breiman 2001; scikit-learn's RandomForestClassifier/Regressor) on the histogram tree grower: each
/// tree is grown on a bootstrap sample, choosing every split among a fresh random subset of the features.
/// With gradient g_i = −w_i(y_i − ȳ) and hessian w_i (w_i = bootstrap copies of row i) and no L2, the grower's
/// second-order gain ½[G_L²/H_L + G_R²/H_R − G²/H] is half the weighted squared-error reduction and a leaf's value is
/// its weighted mean, so each tree is a CART regression tree. On a 0/1 target the squared-error reduction is the
/// Gini decrease up to a constant, so classification averages regression trees on class indicators (one tree per
/// class per bootstrap for multiclass, normalised at prediction). The same options and data give a bit-identical
/// model at any thread count. Thread-safe: each <see cref="Fit"/> call has its own state.
/// </summary>
public sealed class RandomForestTrainer
{
    private const int BinningSampleRows = 200_000;

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RandomForestTrainer(RandomForestOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>The validated hyperparameters every fit uses.</summary>
    public RandomForestOptions Options { get; }

    /// <summary>Grows <see cref="RandomForestOptions.Trees"/> bootstrap samples' trees on <paramref name="x"/> and labels <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">Labels do not fit the task, or a categorical feature has more than 254 categories.</exception>
    public RandomForestModel Fit(FeatureMatrix x, ReadOnlySpan<double> y)
    {
        var o = Options;
        if (y.Length != x.Rows || x.Rows == 0)
        {
            throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        }
        var classCount = CheckLabels(y, o);
        var outputs = o.Task == LearningTask.Multiclass ? classCount : 1;
        var n = x.Rows;
        var growing = new GbdtOptions
        {
            MaxLeaves = o.MaxLeaves,
            MaxDepth = o.MaxDepth,
            MinSamplesLeaf = o.MinSamplesLeaf,
            MinHessianLeaf = 0,
            L2Regularization = 0,
            MinSplitGain = 0,
            // Folds the average over bootstrap samples into the leaves.
            LearningRate = 1.0 / o.Trees,
            MaxBins = o.MaxBins,
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
        };
        growing.Validate();
        var data = BinnedFeatures.Create(x, o.MaxBins, BinningSampleRows, o.Seed, growing.Threads);
        var (targets, centres) = Targets(y, o.Task, outputs);
        var features = new int[x.Columns];
        for (var j = 0; j < features.Length; j++)
        {
            features[j] = j;
        }
        var perSplit = o.FeaturesPerSplit(x.Columns);

        var rng = new Random(o.Seed);
        var grower = new TreeGrower(data, growing);
        var trees = new GbdtTree[o.Trees * outputs];
        var copies = new int[n];
        var gradients = new double[n];
        var hessians = new double[n];
        var oobSum = new double[n * outputs];
        var oobTrees = new int[n];
        for (var b = 0; b < o.Trees; b++)
        {
            var sample = o.Bootstrap ? Bootstrap(copies, rng) : null;
            if (sample is null)
            {
                copies.AsSpan().Fill(1);
            }
            for (var k = 0; k < outputs; k++)
            {
                var target = targets[k];
                var centre = centres[k];
                for (var i = 0; i < n; i++)
                {
                    gradients[i] = -copies[i] * (target[i] - centre);
                    hessians[i] = copies[i];
                }
                var tree = grower.Grow(gradients, hessians, sample, features, rng, perSplit);
                // Centring keeps G small for large targets; the leaves get the centre back.
                var leaves = tree.LeafValue;
                for (var l = 0; l < leaves.Length; l++)
                {
                    leaves[l] += centre * growing.LearningRate;
                }
                trees[(b * outputs) + k] = tree;
                if (sample is not null)
                {
                    AddOutOfBag(tree, data.Columns, copies, oobSum, outputs, k);
                }
            }
            if (sample is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    oobTrees[i] += copies[i] == 0 ? 1 : 0;
                }
            }
            o.Progress?.Report(new TrainingProgress(TrainingStage.Trees, b + 1, o.Trees));
        }
        var oob = o.Bootstrap ? OutOfBagScore(oobSum, oobTrees, y, o.Task, outputs, o.Trees) : double.NaN;
        return new RandomForestModel(o.Task, classCount, trees, x, oob);
    }

    /// <summary>Draws n rows with replacement into <paramref name="copies"/>; returns the distinct rows drawn, ascending.</summary>
    private static int[] Bootstrap(int[] copies, Random rng)
    {
        var n = copies.Length;
        Array.Clear(copies);
        for (var i = 0; i < n; i++)
        {
            copies[rng.Next(n)]++;
        }
        var distinct = 0;
        foreach (var c in copies)
        {
            distinct += c > 0 ? 1 : 0;
        }
        var sample = new int[distinct];
        var s = 0;
        for (var i = 0; i < n; i++)
        {
            if (copies[i] > 0)
            {
                sample[s++] = i;
            }
        }
        return sample;
    }

    private static void AddOutOfBag(GbdtTree tree, byte[][] columns, int[] copies, double[] oobSum, int outputs, int k)
    {
        for (var i = 0; i < copies.Length; i++)
        {
            if (copies[i] == 0)
            {
                oobSum[(i * outputs) + k] += tree.LeafValue[tree.Leaf(columns, i)];
            }
        }
    }

    /// <summary>
    /// scikit-learn's <c>oob_score_</c>: accuracy of the argmax of the averaged out-of-bag probabilities (ties go to
    /// the lower class), or R² of the averaged out-of-bag predictions, over rows left out by at least one bootstrap.
    /// </summary>
    private static double OutOfBagScore(double[] oobSum, int[] oobTrees, ReadOnlySpan<double> y, LearningTask task, int outputs, int trees)
    {
        var scored = 0;
        var correct = 0;
        double sumY = 0, sse = 0;
        for (var i = 0; i < oobTrees.Length; i++)
        {
            if (oobTrees[i] == 0)
            {
                continue;
            }
            scored++;
            // The leaves hold value / trees: rescale the sum to the mean over the trees that left the row out.
            var scale = trees / (double)oobTrees[i];
            switch (task)
            {
                case LearningTask.Binary:
                    correct += (oobSum[i] * scale > 0.5 ? 1.0 : 0.0) == y[i] ? 1 : 0;
                    break;
                case LearningTask.Multiclass:
                    var best = 0;
                    for (var k = 1; k < outputs; k++)
                    {
                        if (oobSum[(i * outputs) + k] > oobSum[(i * outputs) + best])
                        {
                            best = k;
                        }
                    }
                    correct += best == (int)y[i] ? 1 : 0;
                    break;
                default:
                    var residual = (oobSum[i] * scale) - y[i];
                    sse += residual * residual;
                    sumY += y[i];
                    break;
            }
        }
        if (scored == 0)
        {
            return double.NaN;
        }
        if (task != LearningTask.Regression)
        {
            return correct / (double)scored;
        }
        var mean = sumY / scored;
        var sst = 0.0;
        for (var i = 0; i < oobTrees.Length; i++)
        {
            if (oobTrees[i] > 0)
            {
                sst += (y[i] - mean) * (y[i] - mean);
            }
        }
        return sst > 0 ? 1 - (sse / sst) : double.NaN;
    }

    /// <summary>Per output, the target column (the label, or class indicators for multiclass) and its mean.</summary>
    private static (double[][] Targets, double[] Centres) Targets(ReadOnlySpan<double> y, LearningTask task, int outputs)
    {
        var targets = new double[outputs][];
        var centres = new double[outputs];
        for (var k = 0; k < outputs; k++)
        {
            var target = new double[y.Length];
            var sum = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                target[i] = task == LearningTask.Multiclass ? (y[i] == k ? 1 : 0) : y[i];
                sum += target[i];
            }
            targets[k] = target;
            centres[k] = sum / y.Length;
        }
        return (targets, centres);
    }

    /// <summary>Checks labels against the task; returns the class count (0 for regression).</summary>
    private static int CheckLabels(ReadOnlySpan<double> y, RandomForestOptions o) => TreeLabels.Check(y, o.Task, o.ClassCount, "multiclass");
}
