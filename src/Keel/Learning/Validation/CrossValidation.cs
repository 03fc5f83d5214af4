using Keel.Data;
using Keel.Learning.Training;

namespace Keel.Learning.Validation;

/// <summary>
/// k-fold cross-validation with <see cref="ModelTrainer"/>: per fold, train on the fold's training rows, then measure
/// on its test rows, and summarise. The test rows are never given to the trainer (not even for early stopping, which
/// would let them choose the model and bias the estimate upwards). Folds run one after another; each training may
/// use several cores itself. <see cref="TrainingOptions.Progress"/> receives a <see cref="TrainingStage.Folds"/>
/// report after each fold; the folds' own trainings do not report.
/// </summary>
public static class CrossValidation
{
    private static readonly ModelLineage FoldLineage = new("cross-validation fold", null, null, DateTimeOffset.UnixEpoch);

    /// <summary>Trains and measures one model per fold.</summary>
    /// <param name="data">All rows; folds index into it.</param>
    /// <param name="options">What to train (the same for every fold).</param>
    /// <param name="folds">(train, test) row indices, e.g. from <see cref="KFold"/> or <see cref="StratifiedKFold"/>.</param>
    /// <param name="cancellationToken">Checked between folds.</param>
    /// <exception cref="ArgumentException">No folds, or training rejects the options (message from <see cref="ModelTrainer"/>).</exception>
    public static CrossValidationResult Run(Frame data, TrainingOptions options, IReadOnlyList<(int[] Train, int[] Test)> folds, CancellationToken cancellationToken = default) =>
        Run(data, options, folds, trainRows: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="trainRows"/> caps each fold's training rows (a seeded subsample), the resource successive halving grows.</summary>
    internal static CrossValidationResult Run(Frame data, TrainingOptions options, IReadOnlyList<(int[] Train, int[] Test)> folds, int? trainRows, CancellationToken cancellationToken)
    {
        if (folds.Count == 0)
        {
            throw new ArgumentException("cross-validation needs at least one fold", nameof(folds));
        }
        var perFold = new IReadOnlyDictionary<string, double>[folds.Count];
        var progress = options.Progress;
        options = options with { Progress = null };
        for (var f = 0; f < folds.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (trainIdx, testIdx) = folds[f];
            if (trainRows is { } cap && cap < trainIdx.Length)
            {
                trainIdx = Subsample(trainIdx, cap, seed: f);
            }
            var result = ModelTrainer.Train(FrameRows.Select(data, trainIdx), validation: null, options, null, FoldLineage);
            perFold[f] = ModelEvaluation.Evaluate(result.Model, FrameRows.Select(data, testIdx), out _);
            progress?.Report(new TrainingProgress(TrainingStage.Folds, f + 1, folds.Count));
        }
        var summary = new Dictionary<string, MetricSummary>(StringComparer.Ordinal);
        foreach (var metric in perFold[0].Keys)
        {
            if (perFold.All(m => m.ContainsKey(metric)))
            {
                summary[metric] = MetricSummary.Of(perFold.Select(m => m[metric]).ToArray());
            }
        }
        return new CrossValidationResult(perFold, summary);
    }

    private static int[] Subsample(int[] rows, int count, int seed)
    {
        var order = RowSets.Permutation(rows.Length, seed);
        var picked = new int[count];
        for (var i = 0; i < count; i++)
        {
            picked[i] = rows[order[i]];
        }
        Array.Sort(picked);
        return picked;
    }
}
