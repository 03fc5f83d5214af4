using Keel.Learning;
using Keel.Monitoring.Concept;
using Keel.Monitoring.Performance;

namespace Keel.Tests.Monitoring.Performance;

public sealed class PerformanceWindowTests
{
    [Fact]
    public void AddClassified_MoreThanCapacity_MetricsCoverTheLastLabelsAndDdmSeesTheDrop()
    {
        var window = new PerformanceWindow(LearningTask.Binary, 2, capacity: 200);
        var random = new Random(4);
        // 1,000 labels right 90% of the time, then 400 right 40% of the time.
        for (var i = 0; i < 1400; i++)
        {
            var label = random.Next(2);
            var right = random.NextDouble() < (i < 1000 ? 0.9 : 0.4);
            var predicted = right ? label : 1 - label;
            window.AddClassified(label, predicted, predicted == 1 ? [0.2, 0.8] : [0.8, 0.2]);
        }

        var metrics = window.Metrics().ToDictionary(m => m.Metric, m => m.Value);
        Assert.Equal((1400L, 200), (window.Seen, window.Count));
        Assert.InRange(metrics["accuracy"], 0.3, 0.5);
        Assert.Equal(["accuracy", "precision", "recall", "f1", "roc_auc"], metrics.Keys);
        var ddm = window.Detectors.Single(d => d.Detector == "DDM");
        Assert.True(ddm.Detections >= 1);
        Assert.Contains(window.Detectors, d => d.Detector == "ADWIN" && d.Detections >= 1);
    }

    [Fact]
    public void AddRegressed_ReportsRmseAndMaeOverTheWindow()
    {
        var window = new PerformanceWindow(LearningTask.Regression, 0, capacity: 3);
        window.AddRegressed(10, 0); // leaves the window
        window.AddRegressed(1, 2);
        window.AddRegressed(2, 2);
        window.AddRegressed(3, 1);

        var metrics = window.Metrics().ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(Math.Sqrt(5.0 / 3), metrics["rmse"], 12);
        Assert.Equal(1.0, metrics["mae"], 12);
        Assert.Equal(["ADWIN", "Page-Hinkley"], window.Detectors.Select(d => d.Detector));
        Assert.All(window.Detectors, d => Assert.NotEqual(ConceptDriftState.Drift, d.State));
    }

    [Fact]
    public void AddClassified_BadIndex_Throws() =>
        Assert.Throws<ArgumentException>(() => new PerformanceWindow(LearningTask.Binary, 2).AddClassified(2, 0, [0.5, 0.5]));
}
