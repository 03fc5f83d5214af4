using System.Buffers;

namespace Keel.Learning.Linear;

/// <summary>
/// Limited-memory BFGS for smooth unconstrained minimisation: Nocedal &amp; Wright, "Numerical Optimization"
/// (2nd ed.), Algorithm 7.5, with the two-loop recursion of Algorithm 7.4, H₀ = γI scaled by eq. (7.20), and a
/// strong-Wolfe line search (<see cref="WolfeLineSearch"/>). Stopping follows SciPy's L-BFGS-B (which
/// scikit-learn's <c>lbfgs</c> solver calls): max |gᵢ| ≤ gtol, or relative decrease of f ≤ ftol, or the iteration limit.
/// </summary>
public static class Lbfgs
{
    /// <summary>
    /// Minimises <paramref name="objective"/> starting from <paramref name="x"/>, which holds the best point found
    /// on return (also when not converged). Deterministic: the same objective and start give bit-identical results.
    /// Work memory is (2m + 4)·n doubles, rented from <see cref="ArrayPool{T}.Shared"/> for the call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">f or its gradient is not finite at the starting point.</exception>
    public static LbfgsResult Minimize(IObjective objective, Span<double> x, LbfgsOptions options)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var n = x.Length;
        var m = options.Memory;
        var work = ArrayPool<double>.Shared.Rent(4 * n);
        var history = ArrayPool<double>.Shared.Rent(2 * m * n);
        try
        {
            var memory = new CorrectionPairs(history.AsSpan(0, 2 * m * n), m, n);
            return Run(objective, x, options, work.AsSpan(0, 4 * n), memory);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(history);
            ArrayPool<double>.Shared.Return(work);
        }
    }

    private static LbfgsResult Run(IObjective objective, Span<double> x, LbfgsOptions options, Span<double> work, CorrectionPairs memory)
    {
        var n = x.Length;
        var g = work[..n];
        var d = work.Slice(n, n);
        var xTrial = work.Slice(2 * n, n);
        var gTrial = work.Slice(3 * n, n);

        var f = objective.Evaluate(x, g);
        var evaluations = 1;
        var gNorm = Blas.InfinityNorm(g);
        if (!double.IsFinite(f) || !double.IsFinite(gNorm))
        {
            ThrowNotFiniteAtStart(f);
        }
        if (gNorm <= options.GradientTolerance)
        {
            return new LbfgsResult(0, evaluations, f, gNorm, LbfgsTermination.GradientTolerance);
        }

        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var accepted = false;
            var fTrial = f;
            // A failed search along the quasi-Newton direction is retried once along −g with the memory cleared.
            for (var attempt = 0; attempt < 2 && !accepted; attempt++)
            {
                var slope = memory.Count > 0 ? memory.Direction(g, d) : -1.0;
                if (memory.Count == 0 || !(slope < 0))
                {
                    memory.Clear();
                    for (var i = 0; i < n; i++)
                    {
                        d[i] = -g[i];
                    }
                    slope = -Blas.Dot(g, g);
                }
                // Without curvature information the first trial moves a unit distance, as L-BFGS-B does.
                var initialStep = memory.Count == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(-slope)) : 1.0;
                accepted = WolfeLineSearch.Search(objective, x, f, slope, d, initialStep, options.MaxLineSearchEvaluations, xTrial, gTrial, out fTrial, ref evaluations);
                if (!accepted && memory.Count == 0)
                {
                    break;
                }
                if (!accepted)
                {
                    memory.Clear();
                }
            }
            if (!accepted)
            {
                if (iteration > 0)
                {
                    options.Progress?.Report(new TrainingProgress(TrainingStage.Iterations, iteration, iteration, f));
                }
                return new LbfgsResult(iteration, evaluations, f, gNorm, LbfgsTermination.LineSearchFailed);
            }

            memory.Push(x, xTrial, g, gTrial);
            var fPrevious = f;
            f = fTrial;
            xTrial.CopyTo(x);
            gTrial.CopyTo(g);
            gNorm = Blas.InfinityNorm(g);
            LbfgsTermination? stop = gNorm <= options.GradientTolerance ? LbfgsTermination.GradientTolerance
                : fPrevious - f <= options.RelativeReductionTolerance * Math.Max(Math.Max(Math.Abs(fPrevious), Math.Abs(f)), 1.0) ? LbfgsTermination.RelativeReduction
                : null;
            var steps = iteration + 1;
            options.Progress?.Report(new TrainingProgress(TrainingStage.Iterations, steps, stop is null ? options.MaxIterations : steps, f));
            if (stop is { } termination)
            {
                return new LbfgsResult(steps, evaluations, f, gNorm, termination);
            }
        }
        return new LbfgsResult(options.MaxIterations, evaluations, f, gNorm, LbfgsTermination.MaxIterations);
    }

    private static void Validate(LbfgsOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Memory, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIterations, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineSearchEvaluations, 1, nameof(options));
        if (!(options.GradientTolerance >= 0) || !(options.RelativeReductionTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "tolerances must be non-negative numbers");
        }
    }

    private static void ThrowNotFiniteAtStart(double f) =>
        throw new ArgumentException($"the objective or its gradient is not finite at the starting point (f = {f})", "x");
}
