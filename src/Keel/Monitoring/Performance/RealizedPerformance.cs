using Keel.Learning.Metrics;

namespace Keel.Monitoring.Performance;

/// <summary>
/// Realized performance of a window of predictions whose true labels are known, computed with
/// <see cref="ClassificationMetrics"/> and <see cref="RegressionMetrics"/> (each matching scikit-learn 1.2).
/// Pure and thread-safe; invalid input (length mismatch, empty window, labels out of range, NaN) throws
/// <see cref="ArgumentException"/> as those metrics do.
/// </summary>
public static class RealizedPerformance
{
    /// <summary>
    /// Binary classifier: <paramref name="labels"/> and <paramref name="predicted"/> are 0/1,
    /// <paramref name="probabilities"/> the model's P(label = 1) (any score that ranks positives higher works for
    /// the AUC). The AUC is NaN when the window holds only one class.
    /// </summary>
    public static ClassificationPerformance Binary(ReadOnlySpan<int> labels, ReadOnlySpan<int> predicted, ReadOnlySpan<double> probabilities)
    {
        var (precision, recall, f1) = ClassificationMetrics.PrecisionRecallF1(labels, predicted, Averaging.Binary);
        var positives = 0;
        foreach (var label in labels)
        {
            positives += label == 1 ? 1 : 0;
        }
        var auc = positives == 0 || positives == labels.Length ? double.NaN : ClassificationMetrics.RocAuc(labels, probabilities);
        return new ClassificationPerformance(labels.Length, ClassificationMetrics.Accuracy(labels, predicted), precision, recall, f1, auc);
    }

    /// <summary>
    /// Multiclass classifier with classes 0..<paramref name="classCount"/>-1: <paramref name="probabilities"/> is
    /// row-major n×K, each row summing to 1. Precision, recall and F1 are macro averages; the AUC is one-vs-rest
    /// macro, NaN when some class never occurs in <paramref name="labels"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 2.</exception>
    public static ClassificationPerformance Multiclass(
        ReadOnlySpan<int> labels, ReadOnlySpan<int> predicted, ReadOnlySpan<double> probabilities, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var (precision, recall, f1) = ClassificationMetrics.PrecisionRecallF1(labels, predicted, Averaging.Macro);
        Span<bool> seen = classCount <= 256 ? stackalloc bool[classCount] : new bool[classCount];
        var distinct = 0;
        foreach (var label in labels)
        {
            if ((uint)label < (uint)classCount && !seen[label])
            {
                seen[label] = true;
                distinct++;
            }
        }
        var auc = distinct < classCount ? double.NaN : ClassificationMetrics.RocAuc(labels, probabilities, classCount);
        return new ClassificationPerformance(labels.Length, ClassificationMetrics.Accuracy(labels, predicted), precision, recall, f1, auc);
    }

    /// <summary>Regressor: RMSE and MAE of <paramref name="predicted"/> against <paramref name="labels"/>.</summary>
    public static RegressionPerformance Regression(ReadOnlySpan<double> labels, ReadOnlySpan<double> predicted) =>
        new(labels.Length, RegressionMetrics.Rmse(labels, predicted), RegressionMetrics.Mae(labels, predicted));
}
