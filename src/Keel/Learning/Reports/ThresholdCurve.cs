namespace Keel.Learning.Reports;

/// <summary>
/// Curves traced by moving a decision threshold down through the scores of labels 0/1, one point per distinct score
/// (tied rows cross the threshold together), as scikit-learn's <c>roc_curve(drop_intermediate=False)</c> and
/// <c>precision_recall_curve</c> compute them. O(n log n).
/// </summary>
internal static class ThresholdCurve
{
    /// <summary>ROC points (FPR, TPR) from (0, 0), highest threshold first.</summary>
    public static IReadOnlyList<(double X, double Y)> Roc(int[] truth, double[] scores)
    {
        var (positives, negatives) = Counts(truth);
        var points = new List<(double, double)> { (0, 0) };
        foreach (var (tp, fp) in Thresholds(truth, scores))
        {
            points.Add((negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives));
        }
        return points;
    }

    /// <summary>
    /// Precision-recall points (recall, precision) from (0, 1), highest threshold first: scikit-learn's
    /// <c>precision_recall_curve</c> read backwards.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> PrecisionRecall(int[] truth, double[] scores)
    {
        var (positives, _) = Counts(truth);
        var points = new List<(double, double)> { (0, 1) };
        foreach (var (tp, fp) in Thresholds(truth, scores))
        {
            points.Add((positives == 0 ? 0 : tp / positives, tp / (tp + fp)));
        }
        return points;
    }

    /// <summary>
    /// The precision-recall curve as the step function average precision integrates (each recall step at the
    /// precision reached at its end, scikit-learn's <c>PrecisionRecallDisplay</c> "steps-post"), so the area under the
    /// drawn line is the average precision.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> Steps(IReadOnlyList<(double X, double Y)> precisionRecall)
    {
        var steps = new List<(double, double)>(2 * precisionRecall.Count) { precisionRecall[0] };
        for (var i = 1; i < precisionRecall.Count; i++)
        {
            steps.Add((precisionRecall[i - 1].X, precisionRecall[i].Y));
            steps.Add(precisionRecall[i]);
        }
        return steps;
    }

    private static (double Positives, double Negatives) Counts(int[] truth)
    {
        double positives = truth.Count(t => t == 1);
        return (positives, truth.Length - positives);
    }

    // (true positives, false positives) at or above each distinct score, highest first.
    private static IEnumerable<(double Tp, double Fp)> Thresholds(int[] truth, double[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double tp = 0, fp = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (truth[order[i]] == 1)
            {
                tp++;
            }
            else
            {
                fp++;
            }
            if (i == order.Length - 1 || scores[order[i + 1]] != scores[order[i]])
            {
                yield return (tp, fp);
            }
        }
    }
}
