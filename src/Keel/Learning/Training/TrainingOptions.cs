using Keel.Learning.Transforms;

namespace Keel.Learning.Training;

/// <summary>What to train: the algorithm, the label, the task (null = auto), hyperparameters and pre-processing.</summary>
public sealed record TrainingOptions
{
    /// <summary>gbdt, forest, logistic or linear.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>The task, or null to decide from the label (see <see cref="LabelEncoder.Fit"/>).</summary>
    public LearningTask? Task { get; init; }

    /// <summary>Hyperparameters by name (the names of <c>keel train --param</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Pre-processing; null = the algorithm's defaults (see <see cref="ModelTrainer"/>).</summary>
    public IReadOnlyList<TransformSpec>? Transforms { get; init; }

    /// <summary>
    /// Receives the learner's reports while it fits (<see cref="TrainingStage.Rounds"/> for gbdt,
    /// <see cref="TrainingStage.Trees"/> for forest, <see cref="TrainingStage.Iterations"/> for logistic; linear fits
    /// in one solve and reports nothing), or the folds done in <see cref="Validation.CrossValidation"/>. Not part of
    /// what is trained: it does not change the model.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; init; }
}
