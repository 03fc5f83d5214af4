using System.Diagnostics;
using System.Text.Json;
using Keel.Learning;
using Keel.Learning.Trees;

namespace Keel.Benchmarks;

/// <summary>
/// The Keel side of <c>bench/gbdt_vs_anchors.py</c>: fits <see cref="GbdtTrainer"/> on the train rows of the bench
/// datasets (split.json: first 80%), with the anchors' HistGradientBoosting settings (100 rounds, learning rate 0.1,
/// 31 leaves, 20 rows per leaf, no early stopping), and prints one JSON object per dataset: fit seconds of each run
/// (CSV parsing excluded; one untimed warm-up fit first, so JIT compilation is not counted), test metrics, and
/// test-set scoring speed (see <see cref="ScoringSpeed"/>). Usage: <c>Keel.Benchmarks gbdt-compare DATA_DIR DATASET [RUNS]</c>.
/// </summary>
internal static class GbdtComparison
{
    public static void Run(string dataDirectory, string name, int runs)
    {
        var objective = name.StartsWith("reg", StringComparison.Ordinal) ? GbdtObjective.SquaredError : GbdtObjective.BinaryLogLoss;
        var (train, trainY, test, testY) = BenchCsv.Load(Path.Combine(dataDirectory, name + ".csv"), categoricalCatColumns: true);
        var trainer = new GbdtTrainer(new GbdtOptions { Objective = objective });
        var fits = new List<double>();
        var model = trainer.Fit(train, trainY);
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            model = trainer.Fit(train, trainY);
            fits.Add(watch.Elapsed.TotalSeconds);
        }
        var raw = new double[test.Rows];
        model.PredictRaw(test, raw);
        var scoring = ScoringSpeed(model, test);
        var metrics = objective == GbdtObjective.SquaredError
            ? new Dictionary<string, double> { ["rmse"] = BenchMetrics.Rmse(raw, testY) }
            : new Dictionary<string, double> { ["roc_auc"] = BenchMetrics.RocAuc(raw, testY), ["logloss"] = BenchMetrics.LogLoss(raw, testY) };
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            dataset = name,
            n_train = train.Rows,
            n_test = test.Rows,
            fit_s_runs = fits,
            predict_rows_per_s = scoring.Predict,
            predict_raw_rows_per_s = scoring.Raw,
            predict_raw_tree_walk_rows_per_s = scoring.TreeWalk,
            single_row_us_median = scoring.SingleRowMicroseconds,
            metrics,
            threads = Environment.ProcessorCount,
        }));
    }

    /// <summary>
    /// Test-set scoring speed, each from one timed loop of at least 0.25 s after a warm-up pass, one after the other: rows/s of
    /// what scikit-learn's <c>predict_proba</c>/<c>predict</c> return (probabilities with the sigmoid applied for
    /// binary models, raw scores for regression), rows/s of raw scores, rows/s of raw scores through the per-tree
    /// walk (<see cref="GbdtTree.Leaf(double[][], int[], int)"/>, what <c>PredictRaw</c> ran before the trees were
    /// compiled, with the same blocks and threads), and the median latency of one row (of up to 20,000 test rows, second
    /// pass) through
    /// <see cref="Keel.Learning.Scoring.CompiledTrees.ScoreRow"/>.
    /// </summary>
    private static (double Predict, double Raw, double TreeWalk, double SingleRowMicroseconds) ScoringSpeed(GbdtModel model, FeatureMatrix test)
    {
        var raw = new double[test.Rows * model.OutputCount];
        var probabilities = new double[test.Rows * Math.Max(model.ClassCount, 1)];
        Action predict = model.Objective == GbdtObjective.SquaredError
            ? () => model.PredictRaw(test, raw)
            : () => model.PredictProbabilities(test, probabilities);
        var columns = Enumerable.Range(0, test.Columns).Select(j => test.Column(j).ToArray()).ToArray();
        var counts = model.CategoryCounts.ToArray();
        var trees = model.Trees.ToArray();
        var baseline = model.Baseline.ToArray();
        var rowsPerSecond = new[]
        {
            RowsPerSecond(predict, test.Rows),
            RowsPerSecond(() => model.PredictRaw(test, raw), test.Rows),
            RowsPerSecond(() => TreeWalk(trees, baseline, counts, columns, test.Rows, raw), test.Rows),
        };
        var scorer = model.Scorer;
        var row = new double[test.Columns];
        var output = new double[model.OutputCount];
        var latencies = new double[Math.Min(test.Rows, 20_000)];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < latencies.Length; i++)
            {
                for (var j = 0; j < row.Length; j++)
                {
                    row[j] = columns[j][i];
                }
                var start = Stopwatch.GetTimestamp();
                scorer.ScoreRow(row, output);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        Array.Sort(latencies);
        return (rowsPerSecond[0], rowsPerSecond[1], rowsPerSecond[2], latencies[latencies.Length / 2]);
    }

    private static double RowsPerSecond(Action score, int rows)
    {
        score();
        var passes = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 0.25 || passes < 3)
        {
            score();
            passes++;
        }
        return passes * rows / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Raw scores as <c>GbdtModel.PredictRaw</c> computed them before compilation: blocks of 512 rows in parallel, tree-outer, one <c>Leaf</c> walk per row.</summary>
    private static void TreeWalk(GbdtTree[] trees, double[] baseline, int[] counts, double[][] columns, int rows, double[] output)
    {
        var k = baseline.Length;
        Parallel.For(0, (rows + 511) / 512, b =>
        {
            var end = Math.Min(rows, (b + 1) * 512);
            for (var i = b * 512; i < end; i++)
            {
                baseline.CopyTo(output, i * k);
            }
            for (var t = 0; t < trees.Length; t++)
            {
                var tree = trees[t];
                for (var i = b * 512; i < end; i++)
                {
                    output[(i * k) + (t % k)] += tree.LeafValue[tree.Leaf(columns, counts, i)];
                }
            }
        });
    }
}
