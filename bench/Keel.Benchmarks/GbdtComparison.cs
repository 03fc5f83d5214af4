using System.Diagnostics;
using System.Text.Json;
using Keel.Learning.Trees;

namespace Keel.Benchmarks;

/// <summary>
/// The Keel side of <c>bench/gbdt_vs_anchors.py</c>: fits <see cref="GbdtTrainer"/> on the train rows of the bench
/// datasets (split.json: first 80%), with the anchors' HistGradientBoosting settings (100 rounds, learning rate 0.1,
/// 31 leaves, 20 rows per leaf, no early stopping), and prints one JSON object per dataset: fit seconds of each run
/// (CSV parsing excluded; one untimed warm-up fit first, so JIT compilation is not counted), test metrics, and
/// test-set scoring rows/s. Usage: <c>Keel.Benchmarks gbdt-compare DATA_DIR DATASET [RUNS]</c>.
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
        var passes = 0;
        var scoring = Stopwatch.StartNew();
        while (scoring.Elapsed.TotalSeconds < 0.25 || passes < 3)
        {
            model.PredictRaw(test, raw);
            passes++;
        }
        var rowsPerSecond = passes * test.Rows / scoring.Elapsed.TotalSeconds;
        var metrics = objective == GbdtObjective.SquaredError
            ? new Dictionary<string, double> { ["rmse"] = BenchMetrics.Rmse(raw, testY) }
            : new Dictionary<string, double> { ["roc_auc"] = BenchMetrics.RocAuc(raw, testY), ["logloss"] = BenchMetrics.LogLoss(raw, testY) };
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            dataset = name,
            n_train = train.Rows,
            n_test = test.Rows,
            fit_s_runs = fits,
            predict_rows_per_s = rowsPerSecond,
            metrics,
            threads = Environment.ProcessorCount,
        }));
    }
}
