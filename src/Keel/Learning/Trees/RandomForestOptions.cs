namespace Keel.Learning.Trees;

/// <summary>
/// Hyperparameters of <see cref="RandomForestTrainer"/>. Defaults follow scikit-learn's RandomForestClassifier and
/// RandomForestRegressor (100 trees, bootstrap, fully grown trees with one row per leaf, √d features per split for
/// classification and all of them for regression) except that trees stop at <see cref="MaxLeaves"/> leaves, which bounds
/// the histograms held while a tree grows.
/// </summary>
public sealed record RandomForestOptions
{
    /// <summary>Binary (labels 0/1), multiclass (labels 0..k−1) or regression.</summary>
    public LearningTask Task { get; init; } = LearningTask.Binary;

    /// <summary>For <see cref="LearningTask.Multiclass"/>, the number of classes; 0 = one more than the largest label.</summary>
    public int ClassCount { get; init; }

    /// <summary>Bootstrap samples (multiclass grows one tree per class on each).</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves per tree; trees grow best-first until they have this many or no leaf can be split.</summary>
    public int MaxLeaves { get; init; } = 1023;

    /// <summary>Maximum depth of a leaf (root = 0); -1 = unlimited.</summary>
    public int MaxDepth { get; init; } = -1;

    /// <summary>Fewest distinct training rows a leaf may hold (scikit-learn counts rows, not bootstrap copies, too).</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>
    /// Fraction of the features each split chooses among, drawn afresh at every node (scikit-learn's
    /// <c>max_features</c> as a fraction: round(rate·d), at least one). Null = √d/d for classification (scikit-learn's
    /// <c>"sqrt"</c>, floor(√d) features) and 1 for regression.
    /// </summary>
    public double? ColumnSubsample { get; init; }

    /// <summary>Each tree sees n rows drawn with replacement (then out-of-bag scores exist); false = every tree sees all rows.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Seed of the bootstrap, feature sampling and binning RNGs. The same seed gives a bit-identical model at any thread count.</summary>
    public int Seed { get; init; }

    /// <summary>Value bins per numeric feature (at most 255); split thresholds are bin boundaries.</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Threads used for histograms; -1 = <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Receives a <see cref="TrainingStage.Trees"/> report after each bootstrap sample's trees are grown. Not a
    /// hyperparameter: it does not change the model.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    internal void Validate()
    {
        Check(Trees >= 1, "Trees must be at least 1");
        Check(MaxLeaves >= 2, "MaxLeaves must be at least 2");
        Check(MaxDepth == -1 || MaxDepth >= 1, "MaxDepth must be -1 (unlimited) or at least 1");
        Check(MinSamplesLeaf >= 1, "MinSamplesLeaf must be at least 1");
        Check(ColumnSubsample is null or (> 0 and <= 1), "ColumnSubsample must be in (0, 1]");
        Check(MaxBins is >= 2 and <= 255, "MaxBins must be in [2, 255]");
        Check(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, "MaxDegreeOfParallelism must be -1 or at least 1");
        Check(ClassCount >= 0, "ClassCount must not be negative");
    }

    /// <summary>Features each split chooses among.</summary>
    internal int FeaturesPerSplit(int features)
    {
        if (ColumnSubsample is { } rate)
        {
            return Math.Clamp((int)Math.Round(rate * features), 1, features);
        }
        return Task == LearningTask.Regression ? features : Math.Max(1, (int)Math.Sqrt(features));
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
