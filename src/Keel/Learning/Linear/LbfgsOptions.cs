namespace Keel.Learning.Linear;

/// <summary>Settings for <see cref="Lbfgs.Minimize"/>; the defaults are scikit-learn's for <c>LogisticRegression</c>.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Number of (s, y) correction pairs kept, m in Nocedal &amp; Wright §7.2. Default 10, as SciPy's L-BFGS-B.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Maximum number of iterations (accepted steps). Default 100, scikit-learn's <c>max_iter</c>.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Stop once max |∂f/∂xᵢ| ≤ this: SciPy L-BFGS-B's <c>gtol</c> test on the projected gradient, which without
    /// bounds is the gradient's infinity norm. Default 1e-4, scikit-learn's <c>tol</c>.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-4;

    /// <summary>
    /// Also stop once (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ this (SciPy's <c>ftol</c>). Default 64·ε ≈ 1.4e-14,
    /// the value later scikit-learn releases pass: SciPy's own default (2.2e-9) stops L-BFGS far from the optimum
    /// (on the breast-cancer fixture, coefficients 1e-4 away). 0 disables the test.
    /// </summary>
    public double RelativeReductionTolerance { get; init; } = 64 * MachineEpsilon;

    /// <summary>
    /// Maximum function evaluations in one line search (SciPy's <c>maxls</c>). Default 50, what later scikit-learn
    /// releases pass in place of SciPy's 20.
    /// </summary>
    public int MaxLineSearchEvaluations { get; init; } = 50;

    /// <summary>
    /// Receives a <see cref="TrainingStage.Iterations"/> report (with f) after each accepted step; the step that
    /// stops the run reports <see cref="TrainingProgress.Total"/> = the steps taken. It does not change the result.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    // 2^-52; double.Epsilon is the smallest subnormal, not this.
    private const double MachineEpsilon = 2.220446049250313e-16;
}
