using Keel.Monitoring.Performance;

namespace Keel.Tests.Monitoring.Performance;

public sealed class CbpeTests
{
    private const double Tolerance = 1e-10;

    public static IEnumerable<object[]> Cases => PerformanceFixtures.Names("cbpe");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Estimate_FixtureWindow_MatchesNannymlTranscription(string name)
    {
        var c = PerformanceFixtures.Case("cbpe", name);
        var cbpe = new Cbpe(
            PerformanceFixtures.Doubles(c.GetProperty("reference_probabilities")),
            PerformanceFixtures.Ints(c.GetProperty("reference_labels")));
        var probabilities = PerformanceFixtures.Doubles(c.GetProperty("probabilities"));
        var calibrated = PerformanceFixtures.Doubles(c.GetProperty("calibrated"));
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(calibrated[i], cbpe.Calibrated(probabilities[i]), 1e-12);
        }
        var estimate = cbpe.Estimate(probabilities, PerformanceFixtures.Ints(c.GetProperty("predicted")));
        AssertEstimate(c.GetProperty("estimated"), estimate);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Estimate_CalibrationOff_UsesModelProbabilitiesAsNannymlWould(string name)
    {
        var c = PerformanceFixtures.Case("cbpe", name);
        var cbpe = new Cbpe(
            PerformanceFixtures.Doubles(c.GetProperty("reference_probabilities")),
            PerformanceFixtures.Ints(c.GetProperty("reference_labels")),
            new CbpeOptions { Calibrate = false });
        var estimate = cbpe.Estimate(
            PerformanceFixtures.Doubles(c.GetProperty("probabilities")), PerformanceFixtures.Ints(c.GetProperty("predicted")));
        AssertEstimate(c.GetProperty("estimated_uncalibrated"), estimate);
    }

    [Fact]
    public void Estimate_CovariateShiftWithCalibratedModel_TracksRealizedAccuracyAndF1()
    {
        // Ground truth P(y = 1 | x) = σ(2x) and the model is exactly σ(2x), so it is calibrated everywhere. The
        // reference has x ~ N(0, 1); the monitored window x ~ N(1.5, 1), where predictions are far more often
        // confident, so realized accuracy rises by about 0.12 and F1 by about 0.16 (a 10⁶-row numpy simulation
        // gives 0.778 → 0.895 and 0.779 → 0.942). With 20 000 rows per side the sampling error of either metric is
        // below 0.005, so CBPE must land within 0.02 of the realized value.
        var rng = new Random(20261129);
        var (refProbabilities, refLabels, refPredicted) = Sample(rng, 20_000, mean: 0);
        var (probabilities, labels, predicted) = Sample(rng, 20_000, mean: 1.5);
        var reference = RealizedPerformance.Binary(refLabels, refPredicted, refProbabilities);
        var realized = RealizedPerformance.Binary(labels, predicted, probabilities);
        Assert.True(realized.Accuracy - reference.Accuracy > 0.06, $"accuracy moved only {realized.Accuracy - reference.Accuracy}");
        Assert.True(realized.F1 - reference.F1 > 0.06, $"F1 moved only {realized.F1 - reference.F1}");

        var estimate = new Cbpe(refProbabilities, refLabels).Estimate(probabilities, predicted);
        Assert.True(Math.Abs(estimate.Accuracy - realized.Accuracy) < 0.02, $"accuracy: CBPE {estimate.Accuracy}, realized {realized.Accuracy}");
        Assert.True(Math.Abs(estimate.F1 - realized.F1) < 0.02, $"F1: CBPE {estimate.F1}, realized {realized.F1}");
        Assert.True(Math.Abs(estimate.RocAuc - realized.RocAuc) < 0.03, $"AUC: CBPE {estimate.RocAuc}, realized {realized.RocAuc}");
    }

    [Fact]
    public void Estimate_ConceptDrift_DoesNotSeeTheDrop()
    {
        // The documented limit: P(y | x) flips from σ(2x) to σ(−2x) while the inputs keep their distribution. The
        // model's probabilities look exactly as before, so CBPE still reports about 0.78 accuracy while the
        // realized accuracy falls to about 0.22.
        var rng = new Random(5);
        var (refProbabilities, refLabels, _) = Sample(rng, 20_000, mean: 0);
        var (probabilities, labels, predicted) = Sample(rng, 20_000, mean: 0);
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = 1 - labels[i];
        }
        var realized = RealizedPerformance.Binary(labels, predicted, probabilities);
        var estimate = new Cbpe(refProbabilities, refLabels).Estimate(probabilities, predicted);
        Assert.True(estimate.Accuracy - realized.Accuracy > 0.4, $"CBPE {estimate.Accuracy}, realized {realized.Accuracy}");
    }

    [Fact]
    public void Estimate_ConfusionMatrix_SumsToWindowSize()
    {
        var cbpe = new Cbpe([0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1], new CbpeOptions { Calibrate = false });
        var estimate = cbpe.Estimate([0.2, 0.7, 0.95], [0, 1, 1]);
        Assert.Equal(3, estimate.TruePositives + estimate.FalsePositives + estimate.FalseNegatives + estimate.TrueNegatives, 1e-12);
        Assert.Equal(0.7 + 0.95, estimate.TruePositives, 1e-12);
        Assert.Equal(0.2, estimate.FalseNegatives, 1e-12);
        Assert.Equal((0.7 + 0.95 + 0.8) / 3, estimate.Accuracy, 1e-12);
    }

    [Fact]
    public void Estimate_ProbabilityOutsideUnitInterval_Throws()
    {
        var cbpe = new Cbpe([0.1, 0.9], [0, 1]);
        Assert.Throws<ArgumentException>(() => cbpe.Estimate([1.2], [1]));
    }

    private static void AssertEstimate(System.Text.Json.JsonElement expected, CbpeEstimate estimate)
    {
        Assert.Equal(expected.GetProperty("tp").GetDouble(), estimate.TruePositives, Tolerance);
        Assert.Equal(expected.GetProperty("fp").GetDouble(), estimate.FalsePositives, Tolerance);
        Assert.Equal(expected.GetProperty("fn").GetDouble(), estimate.FalseNegatives, Tolerance);
        Assert.Equal(expected.GetProperty("tn").GetDouble(), estimate.TrueNegatives, Tolerance);
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), estimate.Accuracy, Tolerance);
        Assert.Equal(expected.GetProperty("precision").GetDouble(), estimate.Precision, Tolerance);
        Assert.Equal(expected.GetProperty("recall").GetDouble(), estimate.Recall, Tolerance);
        Assert.Equal(expected.GetProperty("f1").GetDouble(), estimate.F1, Tolerance);
        Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), estimate.RocAuc, Tolerance);
    }

    private static (double[] Probabilities, int[] Labels, int[] Predicted) Sample(Random rng, int n, double mean)
    {
        var probabilities = new double[n];
        var labels = new int[n];
        var predicted = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller normal draw.
            var x = mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var p = 1 / (1 + Math.Exp(-2 * x));
            probabilities[i] = p;
            labels[i] = rng.NextDouble() < p ? 1 : 0;
            predicted[i] = p >= 0.5 ? 1 : 0;
        }
        return (probabilities, labels, predicted);
    }
}
