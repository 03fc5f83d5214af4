namespace Keel.Monitoring.Performance;

/// <summary>
/// Realized performance of a classifier on a window of labelled predictions. For a binary model precision, recall
/// and F1 are those of the positive class (label 1); for a multiclass model they are macro averages over the classes
/// that occur in the labels or the predictions (scikit-learn's <c>average="macro"</c>).
/// </summary>
/// <param name="Count">Predictions in the window.</param>
/// <param name="Accuracy">Share of predictions equal to the label.</param>
/// <param name="Precision">Precision (an undefined ratio counts as 0, as scikit-learn).</param>
/// <param name="Recall">Recall (an undefined ratio counts as 0).</param>
/// <param name="F1">F1.</param>
/// <param name="RocAuc">ROC AUC (one-vs-rest macro for multiclass); NaN when some class is absent from the labels.</param>
public sealed record ClassificationPerformance(int Count, double Accuracy, double Precision, double Recall, double F1, double RocAuc);
