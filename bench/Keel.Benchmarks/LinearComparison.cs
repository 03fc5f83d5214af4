using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Keel.Learning;
using Keel.Learning.Linear;

namespace Keel.Benchmarks;

/// <summary>
/// The Keel side of <c>bench/linear_vs_sklearn.py</c>. Reads the matrix that script prepared (numeric only, already
/// imputed, scaled and one-hot encoded; train rows first) and fits, on the train rows, <see cref="LogisticRegression"/>
/// (C = 1, at most 100 iterations, gradient tolerance 1e-4: scikit-learn's defaults) for a 0/1 label, or
/// <see cref="LinearRegression"/> and <see cref="Ridge"/> (α = 1) for a "target". Prints one JSON object per model:
/// the seconds of the first fit in the process (JIT included) and of each timed run, the solver's report, the
/// coefficients, and the path of a file with the test predictions (one per line, round-trip precision:
/// P(class 1) or ŷ) so that the script scores both sides with the same metric code.
/// Usage: <c>Keel.Benchmarks linear-compare PREPARED_DIR DATASET [RUNS]</c>.
/// </summary>
internal static class LinearComparison
{
    // A run repeats the fit until it has lasted this long and reports the mean, so millisecond fits are measurable;
    // the Python side uses the same rule.
    private const double MinRunSeconds = 0.2;

    // Tiered compilation promotes a method after 30 calls and a 100 ms quiet period; fits shorter than that would
    // otherwise be timed in tier-0 code, so short fits are repeated (untimed) until this much time has passed. The
    // first fit's time (JIT included) is reported separately.
    private const double MinWarmUpSeconds = 1.0;

    public static void Run(string preparedDirectory, string name, int runs)
    {
        var (train, trainY, test, testY) = BenchCsv.Load(Path.Combine(preparedDirectory, name + ".csv"), categoricalCatColumns: false);
        if (name.StartsWith("reg", StringComparison.Ordinal))
        {
            var ols = new LinearRegression();
            var ridge = new Ridge { Alpha = 1.0 };
            Report(preparedDirectory, name, "linear", train, test, runs, () => ols.Fit(train, trainY), Regression);
            Report(preparedDirectory, name, "ridge", train, test, runs, () => ridge.Fit(train, trainY), Regression);
            return;
        }
        var labels = trainY.Select(v => (int)v).ToArray();
        var logistic = new LogisticRegression { C = 1.0, MaxIterations = 100, Tolerance = 1e-4 };
        Report(preparedDirectory, name, "logistic", train, test, runs, () => logistic.Fit(train, labels), Logistic);
        Report(preparedDirectory, name, "logistic_scipy_stop", train, test, runs, () => FitWithScipyStopping(train, labels), Logistic);
    }

    /// <summary>
    /// The same fit with the stopping rule scikit-learn 1.2 actually gets from SciPy's L-BFGS-B: it passes only
    /// gtol and maxiter, so SciPy's defaults ftol = 1e7·ε ≈ 2.2e-9 and maxls = 20 apply, where Keel uses 64·ε and 50
    /// (later scikit-learn's values). A diagnostic through Keel's internals, to separate solver speed from stopping.
    /// </summary>
    private static LogisticRegressionModel FitWithScipyStopping(FeatureMatrix train, int[] labels)
    {
        const double C = 1.0;
        var loss = new BinaryLogisticLoss(train, labels, 1.0 / C, fitIntercept: true);
        var parameters = new double[train.Columns + 1];
        var options = new LbfgsOptions
        {
            MaxIterations = 100,
            GradientTolerance = 1e-4,
            RelativeReductionTolerance = 1e7 * 2.220446049250313e-16,
            MaxLineSearchEvaluations = 20,
        };
        var result = Lbfgs.Minimize(loss, parameters, options);
        return new LogisticRegressionModel(train.Names, 2, parameters[..^1], parameters[^1..], C * result.Loss, result);
    }

    private static void Report<TModel>(
        string directory, string dataset, string modelName, FeatureMatrix train, FeatureMatrix test, int runs,
        Func<TModel> fit, Func<TModel, FeatureMatrix, (double[] Predictions, object Details)> describe)
    {
        var watch = Stopwatch.StartNew();
        var model = fit();
        var firstFit = watch.Elapsed.TotalSeconds;
        while (watch.Elapsed.TotalSeconds < MinWarmUpSeconds)
        {
            model = fit();
        }
        var perRun = Math.Max(1, (int)Math.Ceiling(MinRunSeconds / Math.Max(firstFit, 1e-6)));
        var fits = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            watch.Restart();
            for (var k = 0; k < perRun; k++)
            {
                model = fit();
            }
            fits.Add(watch.Elapsed.TotalSeconds / perRun);
        }
        var (predictions, details) = describe(model, test);
        var path = Path.Combine(directory, $"{dataset}.{modelName}.keel.txt");
        File.WriteAllLines(path, predictions.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            dataset,
            model = modelName,
            n_train = train.Rows,
            n_test = test.Rows,
            n_features = train.Columns,
            first_fit_s = firstFit,
            fits_per_run = perRun,
            fit_s_runs = fits,
            predictions_path = path,
            details,
        }));
    }

    private static (double[] Predictions, object Details) Logistic(LogisticRegressionModel model, FeatureMatrix test)
    {
        var probabilities = new double[2 * test.Rows];
        model.PredictProbabilities(test, probabilities);
        var positive = new double[test.Rows];
        for (var i = 0; i < positive.Length; i++)
        {
            positive[i] = probabilities[(2 * i) + 1];
        }
        var t = model.Training;
        return (positive, new
        {
            iterations = t.Iterations,
            evaluations = t.Evaluations,
            termination = t.Termination.ToString(),
            objective = model.Objective,
            gradient_inf_norm = t.GradientNorm,
            coef = model.Weights.ToArray(),
            intercept = model.Intercepts[0],
        });
    }

    private static (double[] Predictions, object Details) Regression(LinearRegressionModel model, FeatureMatrix test)
    {
        var predictions = new double[test.Rows];
        model.Predict(test, predictions);
        return (predictions, new
        {
            rank_deficient = model.IsRankDeficient,
            coef = model.Weights.ToArray(),
            intercept = model.Intercept,
        });
    }
}
