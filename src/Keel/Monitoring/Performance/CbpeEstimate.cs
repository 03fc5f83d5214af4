namespace Keel.Monitoring.Performance;

/// <summary>
/// Performance of a binary classifier on an unlabelled window as estimated by <see cref="Cbpe"/>: the expected
/// confusion matrix (counts, summing to <paramref name="Count"/>) and the metrics computed from it. A ratio whose
/// expected denominator is 0 (precision with no positive prediction) is NaN.
/// </summary>
/// <param name="Count">Predictions in the window.</param>
/// <param name="TruePositives">Σ p̂ᵢ over predictions of 1.</param>
/// <param name="FalsePositives">Σ (1 − p̂ᵢ) over predictions of 1.</param>
/// <param name="FalseNegatives">Σ p̂ᵢ over predictions of 0.</param>
/// <param name="TrueNegatives">Σ (1 − p̂ᵢ) over predictions of 0.</param>
/// <param name="Accuracy">(TP + TN) / n.</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">TP / (TP + (FP + FN)/2).</param>
/// <param name="RocAuc">Expected ROC AUC, computed as NannyML's <c>estimate_roc_auc</c> does.</param>
public sealed record CbpeEstimate(
    int Count,
    double TruePositives,
    double FalsePositives,
    double FalseNegatives,
    double TrueNegatives,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double RocAuc);
