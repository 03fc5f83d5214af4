using Keel.Learning.Predictors;

namespace Keel.Learning.Reports;

/// <summary>
/// The feature importance a model carries without extra work: total split gain for tree ensembles, the absolute
/// coefficient for linear and logistic models. Per encoded feature, in the model's feature order.
/// </summary>
internal static class ModelImportance
{
    /// <summary>What the values are (for a chart title), and one value per feature; null for a predictor it does not know.</summary>
    public static (string Measure, IReadOnlyList<(string Name, double Value)> Values)? Of(IPredictor predictor) => predictor switch
    {
        GbdtPredictor gbdt => ("total split gain", Pair(gbdt.Model.FeatureNames, gbdt.Model.FeatureImportance())),
        ForestPredictor forest => ("total split gain", Pair(forest.Model.FeatureNames, forest.Model.FeatureImportance())),
        LinearPredictor linear => ("|coefficient|", Pair(linear.Model.FeatureNames, AbsoluteMean(linear.Model.Weights, 1))),
        LogisticPredictor logistic => (
            logistic.Model.DecisionCount == 1 ? "|coefficient|" : "mean |coefficient| over classes",
            Pair(logistic.Model.FeatureNames, AbsoluteMean(logistic.Model.Weights, logistic.Model.DecisionCount))),
        _ => null,
    };

    // weights: decisions × features, row-major; the mean of |w| over decisions per feature.
    private static double[] AbsoluteMean(ReadOnlySpan<double> weights, int decisions)
    {
        var features = weights.Length / decisions;
        var mean = new double[features];
        for (var i = 0; i < weights.Length; i++)
        {
            mean[i % features] += Math.Abs(weights[i]) / decisions;
        }
        return mean;
    }

    private static (string, double)[] Pair(IReadOnlyList<string> names, double[] values) =>
        names.Select((name, j) => (name, values[j])).ToArray();
}
