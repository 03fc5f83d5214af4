namespace Keel.Benchmarks;

/// <summary>Test-set metrics for the comparison subcommands, with scikit-learn's definitions.</summary>
internal static class BenchMetrics
{
    /// <summary>ROC AUC from scores and 0/1 labels: the rank-sum (Mann–Whitney) form, ties given their mean rank.</summary>
    public static double RocAuc(double[] scores, double[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }
            i = j + 1;
        }
        double positives = labels.Count(v => v == 1), rankSum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            rankSum += labels[i] == 1 ? ranks[i] : 0;
        }
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * (labels.Length - positives));
    }

    /// <summary>Mean log loss of raw scores (logits) against 0/1 labels, probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public static double LogLoss(double[] raw, double[] labels) =>
        raw.Select((f, i) =>
        {
            var p = Math.Clamp(1 / (1 + Math.Exp(-f)), 1e-15, 1 - 1e-15);
            return -((labels[i] * Math.Log(p)) + ((1 - labels[i]) * Math.Log(1 - p)));
        }).Average();

    /// <summary>Root mean squared error.</summary>
    public static double Rmse(double[] predictions, double[] targets) =>
        Math.Sqrt(predictions.Select((p, i) => (p - targets[i]) * (p - targets[i])).Average());
}
