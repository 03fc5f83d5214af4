using Keel.Learning;
using Keel.Monitoring.Concept;

namespace Keel.Monitoring.Performance;

/// <summary>
/// Realized performance over the last <see cref="Capacity"/> labelled predictions of one model, and concept drift
/// detectors on its error stream: DDM on right/wrong (classifiers), ADWIN and Page-Hinkley on the error (1/0 for a
/// classifier, the absolute error for a regression). Detectors see every label in arrival order; the metrics only
/// the last <see cref="Capacity"/>. Not thread-safe: one owner feeds it.
/// </summary>
public sealed class PerformanceWindow
{
    /// <summary>The names <see cref="Metrics"/> may report: the classifiers' then the regressions'.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = ["accuracy", "precision", "recall", "f1", "roc_auc", "rmse", "mae"];

    private readonly LearningTask _task;
    private readonly int _classCount;
    private readonly int[] _labels;
    private readonly int[] _predicted;
    private readonly double[] _probabilities;
    private readonly double[] _targets;
    private readonly double[] _values;
    private readonly IConceptDriftDetector[] _detectors;
    private readonly long[] _detections;
    private readonly ConceptDriftState[] _states;
    private int _next;

    /// <summary>A window for a model of <paramref name="task"/> with <paramref name="classCount"/> classes (ignored for regression).</summary>
    public PerformanceWindow(LearningTask task, int classCount, int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _task = task;
        _classCount = task == LearningTask.Regression ? 0 : classCount;
        Capacity = capacity;
        _labels = task == LearningTask.Regression ? [] : new int[capacity];
        _predicted = task == LearningTask.Regression ? [] : new int[capacity];
        _probabilities = task == LearningTask.Regression ? [] : new double[capacity * classCount];
        _targets = task == LearningTask.Regression ? new double[capacity] : [];
        _values = task == LearningTask.Regression ? new double[capacity] : [];
        _detectors = task == LearningTask.Regression ? [new Adwin(), new PageHinkley()] : [new Ddm(), new Adwin(), new PageHinkley()];
        _detections = new long[_detectors.Length];
        _states = new ConceptDriftState[_detectors.Length];
    }

    /// <summary>The most labelled predictions the metrics cover.</summary>
    public int Capacity { get; }

    /// <summary>Labelled predictions seen in all.</summary>
    public long Seen { get; private set; }

    /// <summary>Labelled predictions the metrics cover now.</summary>
    public int Count => (int)Math.Min(Seen, Capacity);

    /// <summary>Each detector's name, its state after the last label, and how many drifts it has signalled.</summary>
    public IReadOnlyList<(string Detector, ConceptDriftState State, long Detections)> Detectors =>
        [.. _detectors.Select((d, i) => (d.Name, _states[i], _detections[i]))];

    /// <summary>Adds a classifier's labelled prediction: the true and predicted class indexes and the class probabilities.</summary>
    public void AddClassified(int label, int predicted, ReadOnlySpan<double> probabilities)
    {
        if (_task == LearningTask.Regression || probabilities.Length != _classCount || (uint)label >= (uint)_classCount || (uint)predicted >= (uint)_classCount)
        {
            throw new ArgumentException($"expected class indexes below {_classCount} and {_classCount} probabilities");
        }
        var slot = _next;
        _labels[slot] = label;
        _predicted[slot] = predicted;
        probabilities.CopyTo(_probabilities.AsSpan(slot * _classCount, _classCount));
        Advance(label == predicted ? 0 : 1);
    }

    /// <summary>Adds a regression's labelled prediction.</summary>
    public void AddRegressed(double target, double predicted)
    {
        if (_task != LearningTask.Regression || !double.IsFinite(target) || !double.IsFinite(predicted))
        {
            throw new ArgumentException("expected a regression model and finite values");
        }
        _targets[_next] = target;
        _values[_next] = predicted;
        Advance(Math.Abs(target - predicted));
    }

    /// <summary>The realized metrics over the window: accuracy, precision, recall, F1, roc_auc for classifiers; rmse, mae for regressions.</summary>
    public IReadOnlyList<(string Metric, double Value)> Metrics()
    {
        var n = Count;
        if (n == 0)
        {
            return [];
        }
        if (_task == LearningTask.Regression)
        {
            var r = RealizedPerformance.Regression(_targets.AsSpan(0, n), _values.AsSpan(0, n));
            return [("rmse", r.Rmse), ("mae", r.Mae)];
        }
        ClassificationPerformance c;
        if (_classCount == 2)
        {
            var positive = new double[n];
            for (var i = 0; i < n; i++)
            {
                positive[i] = _probabilities[(2 * i) + 1];
            }
            c = RealizedPerformance.Binary(_labels.AsSpan(0, n), _predicted.AsSpan(0, n), positive);
        }
        else
        {
            c = RealizedPerformance.Multiclass(_labels.AsSpan(0, n), _predicted.AsSpan(0, n), _probabilities.AsSpan(0, n * _classCount), _classCount);
        }
        return [("accuracy", c.Accuracy), ("precision", c.Precision), ("recall", c.Recall), ("f1", c.F1), ("roc_auc", c.RocAuc)];
    }

    private void Advance(double error)
    {
        for (var i = 0; i < _detectors.Length; i++)
        {
            _states[i] = _detectors[i].Update(error);
            if (_states[i] == ConceptDriftState.Drift)
            {
                _detections[i]++;
            }
        }
        _next = (_next + 1) % Capacity;
        Seen++;
    }
}
