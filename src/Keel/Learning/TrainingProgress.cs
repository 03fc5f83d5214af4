namespace Keel.Learning;

/// <summary>What a <see cref="TrainingProgress"/> report counts.</summary>
public enum TrainingStage
{
    /// <summary>Boosting rounds of gradient-boosted trees.</summary>
    Rounds,
    /// <summary>Bootstrap samples of a random forest (each grows one tree, or one per class for multiclass).</summary>
    Trees,
    /// <summary>Accepted L-BFGS steps of a linear model.</summary>
    Iterations,
    /// <summary>Cross-validation folds trained and measured.</summary>
    Folds,
}

/// <summary>
/// One step of a long fit, sent to an <see cref="IProgress{T}"/> once per round, tree, iteration or fold (never per
/// row). Within one fit, <see cref="Done"/> rises by one per step and never falls, and the last report has
/// <see cref="Done"/> = <see cref="Total"/>: <see cref="Total"/> starts as the planned count and drops to the steps
/// taken when the fit ends sooner (early stopping, convergence). Reports come from the thread that called the fit,
/// one at a time; a fit that takes no step reports nothing.
/// Reporting never changes the result: a fit with a sink gives the bit-identical model of one without.
/// </summary>
/// <param name="Stage">What <see cref="Done"/> and <see cref="Total"/> count.</param>
/// <param name="Done">Steps finished, 1 at the first report.</param>
/// <param name="Total">Steps planned (or taken, in the last report of a fit that stopped early).</param>
/// <param name="Loss">The training loss after this step when the learner tracks it (boosting: the log loss or mean
/// squared error; L-BFGS: the penalised objective); otherwise NaN.</param>
/// <param name="ValidationLoss">Boosting with a validation set: its loss after this round; otherwise NaN.</param>
public readonly record struct TrainingProgress(TrainingStage Stage, int Done, int Total, double Loss = double.NaN, double ValidationLoss = double.NaN);
