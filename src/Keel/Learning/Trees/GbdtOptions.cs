namespace Keel.Learning.Trees;

/// <summary>
/// Hyperparameters of <see cref="GbdtTrainer"/>. Defaults follow scikit-learn's HistGradientBoosting (learning rate 0.1,
/// 100 rounds, 31 leaves, no depth limit, 20 rows per leaf, no L2, 255 bins) with LightGBM-style sampling options.
/// </summary>
public sealed record GbdtOptions
{
    /// <summary>The loss to minimise.</summary>
    public GbdtObjective Objective { get; init; } = GbdtObjective.BinaryLogLoss;

    /// <summary>For <see cref="GbdtObjective.MulticlassSoftmax"/>, the number of classes; 0 = one more than the largest label.</summary>
    public int ClassCount { get; init; }

    /// <summary>Boosting rounds (upper bound when early stopping is on).</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Shrinkage applied to every leaf value.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Leaves per tree; trees grow best-first (largest gain first) until they have this many.</summary>
    public int MaxLeaves { get; init; } = 31;

    /// <summary>Maximum depth of a leaf (root = 0); -1 = unlimited.</summary>
    public int MaxDepth { get; init; } = -1;

    /// <summary>Fewest training rows a leaf may hold.</summary>
    public int MinSamplesLeaf { get; init; } = 20;

    /// <summary>Smallest hessian sum a leaf may hold (scikit-learn's <c>min_hessian_to_split</c>, XGBoost's <c>min_child_weight</c>).</summary>
    public double MinHessianLeaf { get; init; } = 1e-3;

    /// <summary>λ, the L2 penalty on leaf weights in the gain and leaf value (XGBoost eq. 5 and 7).</summary>
    public double L2Regularization { get; init; }

    /// <summary>A split is made only when its gain exceeds this.</summary>
    public double MinSplitGain { get; init; }

    /// <summary>Value bins per numeric feature (at most 255); a further bin holds missing values.</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Rows sampled (without replacement) to place the bin boundaries.</summary>
    public int BinningSampleRows { get; init; } = 200_000;

    /// <summary>Fraction of rows drawn (Bernoulli, per round) to grow each round's trees; 1 = all rows.</summary>
    public double RowSubsample { get; init; } = 1.0;

    /// <summary>Fraction of features drawn (without replacement, per tree) that a tree may split on; 1 = all.</summary>
    public double ColumnSubsample { get; init; } = 1.0;

    /// <summary>Seed of the sampling and binning RNG. The same seed gives a bit-identical model at any thread count.</summary>
    public int Seed { get; init; }

    /// <summary>With a validation set: stop after this many rounds without a lower validation loss and keep the best round.</summary>
    public int EarlyStoppingRounds { get; init; } = 10;

    /// <summary>Threads used for histograms and per-row work; -1 = <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Receives a <see cref="TrainingStage.Rounds"/> report after each boosting round, with the training loss and (given
    /// a validation set) the validation loss. Not a hyperparameter: it does not change the model.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    internal void Validate()
    {
        Check(Rounds >= 1, "Rounds must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), "LearningRate must be positive");
        Check(MaxLeaves >= 2, "MaxLeaves must be at least 2");
        Check(MaxDepth == -1 || MaxDepth >= 1, "MaxDepth must be -1 (unlimited) or at least 1");
        Check(MinSamplesLeaf >= 1, "MinSamplesLeaf must be at least 1");
        Check(MinHessianLeaf >= 0, "MinHessianLeaf must not be negative");
        Check(L2Regularization >= 0, "L2Regularization must not be negative");
        Check(MaxBins is >= 2 and <= 255, "MaxBins must be in [2, 255]");
        Check(BinningSampleRows >= 1, "BinningSampleRows must be at least 1");
        Check(RowSubsample is > 0 and <= 1, "RowSubsample must be in (0, 1]");
        Check(ColumnSubsample is > 0 and <= 1, "ColumnSubsample must be in (0, 1]");
        Check(EarlyStoppingRounds >= 1, "EarlyStoppingRounds must be at least 1");
        Check(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, "MaxDegreeOfParallelism must be -1 or at least 1");
        Check(ClassCount >= 0, "ClassCount must not be negative");
    }

    internal int Threads => MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
