namespace Keel.Monitoring.Performance;

/// <summary>
/// Confidence-based performance estimation (CBPE) for a binary classifier, as NannyML documents and implements it
/// ("How it works: CBPE"; <c>nannyml/performance_estimation/confidence_based/metrics.py</c>): the model's
/// probabilities are calibrated on a labelled reference set, and on an unlabelled window each prediction contributes
/// its calibrated probability p̂ᵢ = P(y = 1) to the expected confusion matrix (TP += p̂ᵢ, FP += 1 − p̂ᵢ when ŷᵢ = 1;
/// FN += p̂ᵢ, TN += 1 − p̂ᵢ when ŷᵢ = 0), from which accuracy, precision, recall and F1 follow.
/// </summary>
/// <remarks>
/// The estimate is unbiased only while the calibrated probabilities stay calibrated on the monitored data, that is
/// under covariate shift (P(x) moves, P(y | x) does not) into regions the reference covered. It cannot see concept
/// drift, and a model that predicts 1 when p &gt; 0.5 can never be estimated below 50% accuracy. Its error shrinks
/// with the window size like any sample mean. The instance is immutable after construction and thread-safe;
/// <see cref="Estimate"/> is O(n log n) (the ROC AUC sorts the window) and allocates O(n).
/// </remarks>
public sealed class Cbpe
{
    private readonly IsotonicCalibrator? _calibrator;

    /// <summary>
    /// Prepares the estimator from the reference set: the model's P(y = 1) for each reference row and the true 0/1
    /// labels. With <see cref="CbpeOptions.Calibrate"/> (the default) an isotonic map is fitted to them.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a probability outside [0, 1] or a label other than 0/1.</exception>
    public Cbpe(ReadOnlySpan<double> referenceProbabilities, ReadOnlySpan<int> referenceLabels, CbpeOptions? options = null)
    {
        CheckProbabilities(referenceProbabilities, nameof(referenceProbabilities));
        var calibrate = (options ?? new CbpeOptions()).Calibrate;
        // Fitting also validates the labels and lengths, so do it even when only the checks are wanted.
        var calibrator = IsotonicCalibrator.Fit(referenceProbabilities, referenceLabels);
        _calibrator = calibrate ? calibrator : null;
    }

    private Cbpe()
    {
    }

    /// <summary>
    /// An estimator that takes the model's probabilities as calibrated (no reference set to calibrate on, e.g. live
    /// monitoring of a model file that keeps none): right for a model trained on log loss whose calibration held.
    /// </summary>
    public static Cbpe AssumingCalibrated { get; } = new();

    /// <summary>The probability CBPE uses for a model probability: calibrated, or as given when calibration is off.</summary>
    public double Calibrated(double probability) => _calibrator?.Predict(probability) ?? probability;

    /// <summary>
    /// Estimates the performance on a window of predictions without labels: the model's P(y = 1) and the label it
    /// predicted (0/1, by whatever threshold the model uses).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, an empty window, a probability outside [0, 1] or a predicted label other than 0/1.</exception>
    public CbpeEstimate Estimate(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> predicted)
    {
        CheckProbabilities(probabilities, nameof(probabilities));
        if (predicted.Length != probabilities.Length)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities but {predicted.Length} predicted labels", nameof(predicted));
        }
        var n = probabilities.Length;
        var calibrated = new double[n];
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < n; i++)
        {
            var p = calibrated[i] = Calibrated(probabilities[i]);
            switch (predicted[i])
            {
                case 1:
                    tp += p;
                    fp += 1 - p;
                    break;
                case 0:
                    fn += p;
                    tn += 1 - p;
                    break;
                default:
                    throw new ArgumentException($"predicted label {i} is {predicted[i]}; CBPE needs 0/1 labels", nameof(predicted));
            }
        }
        // NannyML estimate_accuracy / estimate_precision / estimate_recall / estimate_f1.
        return new CbpeEstimate(
            n, tp, fp, fn, tn,
            Accuracy: (tp + tn) / n,
            Precision: tp / (tp + fp),
            Recall: tp / (tp + fn),
            F1: tp / (tp + 0.5 * (fp + fn)),
            RocAuc: ExpectedRocAuc(calibrated));
    }

    /// <summary>
    /// NannyML's <c>estimate_roc_auc</c>: every distinct calibrated probability tᵢ (sorted, with 1 appended) is a
    /// threshold; predictions at or above it count as positive, each contributing p̂ to TP and 1 − p̂ to FP, those
    /// below p̂ to FN and 1 − p̂ to TN (the appended 1 counts as one more prediction, as upstream). The expected
    /// (FPR, TPR) points are joined by trapezoids (<c>sklearn.metrics.auc</c>). Sorts <paramref name="calibrated"/> in place.
    /// </summary>
    internal static double ExpectedRocAuc(double[] calibrated)
    {
        Array.Sort(calibrated);
        var m = calibrated.Length + 1;
        var t = new double[m];
        calibrated.CopyTo(t, 0);
        t[m - 1] = 1;

        // Reverse cumulative sums from the top threshold down, then forward sums of the ones below, as numpy's cumsum.
        var tpAbove = new double[m];
        var fpAbove = new double[m];
        double tpRun = 0, fpRun = 0;
        for (var i = m - 1; i >= 0; i--)
        {
            tpRun += t[i];
            fpRun += 1 - t[i];
            tpAbove[i] = tpRun;
            fpAbove[i] = fpRun;
        }
        var tpr = new List<double>(m);
        var fpr = new List<double>(m);
        double fnBelow = 0, tnBelow = 0, previous = -1;
        for (var i = 0; i < m; i++)
        {
            if (t[i] != previous)
            {
                tpr.Add(tpAbove[i] / (tpAbove[i] + fnBelow));
                fpr.Add(fpAbove[i] / (fpAbove[i] + tnBelow));
            }
            previous = t[i];
            fnBelow += t[i];
            tnBelow += 1 - t[i];
        }
        // sklearn.metrics.auc: trapezoids along x, negated when x decreases (here it runs from 1 down to 0).
        var decreasing = false;
        for (var i = 1; i < fpr.Count; i++)
        {
            decreasing |= fpr[i] < fpr[i - 1];
        }
        var area = 0.0;
        for (var i = 1; i < fpr.Count; i++)
        {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
        return decreasing ? -area : area;
    }

    private static void CheckProbabilities(ReadOnlySpan<double> probabilities, string name)
    {
        if (probabilities.IsEmpty)
        {
            throw new ArgumentException("no predictions", name);
        }
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] is >= 0 and <= 1))
            {
                throw new ArgumentException($"probability {i} is {probabilities[i]}, outside [0, 1]", name);
            }
        }
    }
}
