using System.Globalization;
using Keel.Data;
using Keel.Learning;
using Keel.Learning.Metrics;
using Keel.Learning.Reports;
using Keel.Learning.Training;
using Keel.Tests.Support;

namespace Keel.Tests.Learning;

public sealed class EvaluationReportTests
{
    private static readonly int[] Truth = [0, 0, 1, 1, 0, 1, 1, 0];
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.05];

    [Fact]
    public void Roc_SmallCaseWithTies_MatchesScikitLearn()
    {
        // sklearn 1.2.1: roc_curve([0,0,1,1,0,1,1,0], [0.1,0.4,0.35,0.8,0.4,0.9,0.2,0.05], drop_intermediate=False)
        // fpr = [0, 0, 0, 0.5, 0.5, 0.5, 0.75, 1], tpr = [0, 0.25, 0.5, 0.5, 0.75, 1, 1, 1]
        var points = ThresholdCurve.Roc(Truth, Scores);
        Assert.Equal([0, 0, 0, 0.5, 0.5, 0.5, 0.75, 1], points.Select(p => p.X));
        Assert.Equal([0, 0.25, 0.5, 0.5, 0.75, 1, 1, 1], points.Select(p => p.Y));
    }

    [Fact]
    public void PrecisionRecall_SmallCaseWithTies_IsScikitLearnsCurveReversed()
    {
        // By precision_recall_curve's definition (tp/(tp+fp) and tp/P at each distinct threshold, then (recall 0,
        // precision 1)), worked by hand: thresholds 0.9, 0.8, 0.4 (two negatives tied), 0.35, 0.2, 0.1, 0.05 give
        // (tp, fp) = (1,0) (2,0) (2,2) (3,2) (4,2) (4,3) (4,4) with P = 4.
        var points = ThresholdCurve.PrecisionRecall(Truth, Scores);
        Assert.Equal([0, 0.25, 0.5, 0.5, 0.75, 1, 1, 1], points.Select(p => p.X));
        Assert.Equal([1, 1, 1, 0.5, 0.6, 4 / 6.0, 4 / 7.0, 0.5], points.Select(p => p.Y));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Steps_AreaUnderDrawnCurve_EqualsAveragePrecision(int seed)
    {
        // Scores rounded to one decimal, so many rows tie.
        var rng = new Random(seed);
        var truth = Enumerable.Range(0, 300).Select(_ => rng.Next(3) == 0 ? 1 : 0).ToArray();
        var scores = truth.Select(t => Math.Round((rng.NextDouble() * 0.7) + (t * 0.3), 1)).ToArray();

        var steps = ThresholdCurve.Steps(ThresholdCurve.PrecisionRecall(truth, scores));

        var area = 0.0;
        for (var i = 1; i < steps.Count; i++)
        {
            area += (steps[i].X - steps[i - 1].X) * steps[i].Y;
        }
        Assert.Equal(ClassificationMetrics.AveragePrecision(truth, scores), area, 1e-12);
    }

    [Fact]
    public void Render_BinaryLogisticModel_SelfContainedPageWithMatrixCurvesAndCoefficients()
    {
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var noise = Enumerable.Range(0, 100).Select(i => (double)((i * 37) % 100)).ToArray();
        var y = x.Select((v, i) => v > 50 ^ i % 7 == 0 ? 1.0 : 0.0).ToArray();
        var frame = TestFrames.Of(TestFrames.Numeric("x", x), TestFrames.Numeric("noise", noise), TestFrames.Numeric("y", y));
        var model = Train(frame, "logistic", null);
        var p1 = ColumnOf(model.Predict(frame).Probabilities!, 2, 1);
        var ap = ClassificationMetrics.AveragePrecision(y.Select(v => (int)v).ToArray(), p1);

        var html = Render(model, frame);

        Assert.Contains("Confusion matrix", html);
        Assert.Contains("ROC curve", html);
        Assert.Contains($"Precision-recall (AP = {ap.ToString("0.000", CultureInfo.InvariantCulture)})", html);
        Assert.Contains("Calibration", html);
        Assert.Contains("Feature importance: |coefficient|", html);
        Assert.True(html.IndexOf(">x</text>", StringComparison.Ordinal) < html.IndexOf(">noise</text>", StringComparison.Ordinal), "x has the larger coefficient and comes first");
        AssertSelfContained(html);
    }

    [Fact]
    public void Render_MulticlassForest_OneVsRestCurvesPerClassAndGainImportance()
    {
        var rng = new Random(4);
        var x = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() * 3).ToArray();
        var label = x.Select(v => v < 1 ? "low" : v < 2 ? "mid" : "high").ToArray();
        var frame = TestFrames.Of(TestFrames.Numeric("x", x), TestFrames.Categorical("y", label));
        var model = Train(frame, "forest", new Dictionary<string, string> { ["trees"] = "10" });

        var html = Render(model, frame);

        Assert.Contains("Curves (one-vs-rest per class)", html);
        Assert.Contains("Precision-recall (macro AP = ", html);
        foreach (var c in model.Label.Classes)
        {
            Assert.Contains($"{c} (AP ", html);
        }
        Assert.Contains("Feature importance: total split gain", html);
        Assert.DoesNotContain("Calibration", html);
        AssertSelfContained(html);
    }

    [Fact]
    public void Render_RegressionGbdt_ResidualsAndGainImportance()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 200).Select(_ => rng.NextDouble()).ToArray();
        var frame = TestFrames.Of(TestFrames.Numeric("x", x), TestFrames.Numeric("y", x.Select(v => (3 * v) + (rng.NextDouble() * 0.1)).ToArray()));
        var model = Train(frame, "gbdt", new Dictionary<string, string> { ["rounds"] = "10" });

        var html = Render(model, frame);

        Assert.Contains("Predicted vs actual", html);
        Assert.Contains("Residuals", html);
        Assert.Contains("Feature importance: total split gain", html);
        AssertSelfContained(html);
    }

    private static Model Train(Frame frame, string algorithm, Dictionary<string, string>? parameters) =>
        ModelTrainer.Train(frame, null, new TrainingOptions { Algorithm = algorithm, Label = "y", Parameters = parameters ?? [] }, null,
            new ModelLineage("t.csv", null, null, DateTimeOffset.UnixEpoch)).Model;

    private static string Render(Model model, Frame frame) =>
        EvaluationReport.Render(model, frame, new Dictionary<string, double> { ["m"] = 0.5 }, "t.csv", DateTimeOffset.UnixEpoch);

    private static double[] ColumnOf(double[] rowMajor, int width, int column) =>
        Enumerable.Range(0, rowMajor.Length / width).Select(r => rowMajor[(r * width) + column]).ToArray();

    private static void AssertSelfContained(string html)
    {
        Assert.StartsWith("<!doctype html>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("url(", html);
        var withoutNamespace = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);
        Assert.DoesNotContain("http://", withoutNamespace);
        Assert.DoesNotContain("https://", withoutNamespace);
    }
}
