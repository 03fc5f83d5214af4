namespace Keel.Learning.Linear;

/// <summary>
/// L2-penalised logistic regression fitted with L-BFGS, following scikit-learn's <c>LogisticRegression</c>
/// (<c>solver="lbfgs"</c>): binary for two classes, multinomial (softmax) for more. The fitted objective is
/// C·Σᵢ log-loss + ½‖W‖² with the intercepts unpenalised. Fitting is deterministic: the same matrix, labels and
/// settings give a bit-identical model. Settings are immutable; one instance may fit from several threads.
/// </summary>
public sealed class LogisticRegression
{
    /// <summary>Inverse regularisation strength, scikit-learn's <c>C</c> (&gt; 0, finite). Default 1.0.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>The penalty weight λ = 1/C, for callers who think of it that way; setting it sets <see cref="C"/>.</summary>
    public double L2
    {
        get => 1.0 / C;
        init => C = 1.0 / value;
    }

    /// <summary>Whether to fit an (unpenalised) intercept per decision function. Default true.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>L-BFGS iteration limit, scikit-learn's <c>max_iter</c>. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Stop once the gradient's largest component is at most this, scikit-learn's <c>tol</c> (default 1e-4). As in
    /// scikit-learn 1.2, the gradient is that of Σᵢ log-loss + ‖W‖²/(2C), i.e. the objective divided by C.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>
    /// Threads one objective evaluation may use (−1, the default: all cores; 1: the calling thread only). Rows are
    /// cut into fixed blocks whose partial sums are added in block order, so the fitted model is bit-identical
    /// whatever this is; only small problems (under about 10⁵ multiply–adds per evaluation) stay on one thread.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Receives a <see cref="TrainingStage.Iterations"/> report after each L-BFGS step (see <see cref="LbfgsOptions.Progress"/>); does not change the model.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>
    /// Fits on <paramref name="x"/> (numeric, no missing values) and <paramref name="labels"/>, class codes
    /// 0..K−1 with K ≥ 2 and every class present. Cost per L-BFGS iteration: a few evaluations of O(n·d·K), each
    /// reading X about once and spread over <see cref="MaxDegreeOfParallelism"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">A feature is categorical or has a missing/non-finite value (the message
    /// names it), or the labels do not fit the rules above.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public LogisticRegressionModel Fit(FeatureMatrix x, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(C > 0) || !double.IsFinite(C))
        {
            throw new ArgumentOutOfRangeException(nameof(C), C, "C must be positive and finite");
        }
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be positive, or -1 for all cores");
        }
        var classes = CountClasses(x, labels);
        LinearInputs.RequireNumericAndFinite(x);

        var d = x.Columns;
        var outputs = classes == 2 ? 1 : classes;
        var lambda = 1.0 / C;
        IObjective loss = classes == 2
            ? new BinaryLogisticLoss(x, labels, lambda, FitIntercept) { MaxDegreeOfParallelism = MaxDegreeOfParallelism }
            : new MultinomialLogisticLoss(x, labels, classes, lambda, FitIntercept) { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
        var parameters = new double[outputs * (d + (FitIntercept ? 1 : 0))];
        var options = new LbfgsOptions { MaxIterations = MaxIterations, GradientTolerance = Tolerance, Progress = Progress };
        var result = Lbfgs.Minimize(loss, parameters, options);

        var weights = parameters.AsSpan(0, outputs * d).ToArray();
        var intercepts = FitIntercept ? parameters.AsSpan(outputs * d, outputs).ToArray() : new double[outputs];
        return new LogisticRegressionModel(x.Names, classes, weights, intercepts, C * result.Loss, result);
    }

    private static int CountClasses(FeatureMatrix x, ReadOnlySpan<int> labels)
    {
        if (labels.Length != x.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {x.Rows} rows", nameof(labels));
        }
        var max = -1;
        foreach (var label in labels)
        {
            if (label < 0)
            {
                throw new ArgumentException($"class codes must be 0..K-1, found {label}", nameof(labels));
            }
            max = Math.Max(max, label);
        }
        var classes = max + 1;
        if (classes < 2)
        {
            throw new ArgumentException("logistic regression needs at least two classes", nameof(labels));
        }
        var seen = new bool[classes];
        foreach (var label in labels)
        {
            seen[label] = true;
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
        {
            // An absent class's unpenalised intercept would run off to −∞.
            throw new ArgumentException($"class {missing} of 0..{classes - 1} has no rows", nameof(labels));
        }
        return classes;
    }
}
