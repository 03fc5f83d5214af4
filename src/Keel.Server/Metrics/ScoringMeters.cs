using System.Globalization;
using Keel.Learning;
using Keel.Monitoring.Metrics;

namespace Keel.Server.Metrics;

/// <summary>
/// The series one (model version, deployment, role) writes on every request, looked up once: answered requests by
/// status, latency, rows scored, and the prediction distribution (per class for classifiers; a histogram of values
/// for regressions, over the training label's deciles when the model carries its reference profile). Thread-safe,
/// allocation-free per request.
/// </summary>
internal sealed class ScoringMeters
{
    private readonly CounterFamily _requests;
    private readonly string[] _labels;
    private readonly Counter _answered;
    private readonly Histogram _duration;
    private readonly Counter _rows;
    private readonly Counter[] _classes;
    private readonly Histogram? _values;

    public ScoringMeters(ServerMetrics metrics, ServedModel model, string deployment, string role)
    {
        _labels = [deployment, role, model.Name, model.Version];
        _requests = metrics.Requests;
        _answered = _requests.WithLabels([.. _labels, "200"]);
        _duration = metrics.Duration.WithLabels(_labels);
        _rows = metrics.Rows.WithLabels(_labels);
        var classes = model.Model.Label.Classes;
        _classes = model.Model.Task == LearningTask.Regression
            ? []
            : [.. classes.Select(c => metrics.PredictedClasses.WithLabels([.. _labels, c]))];
        if (model.Model.Task == LearningTask.Regression && LabelDeciles(model.Model) is { Length: > 0 } bounds)
        {
            _values = metrics.PredictionValues.WithLabels(bounds, _labels);
        }
    }

    /// <summary>Counts an answered request that took <paramref name="seconds"/> and what it predicted.</summary>
    public void Answered(double seconds, Predictions predictions)
    {
        _answered.Increment();
        _duration.Observe(seconds);
        _rows.Add(predictions.Rows);
        if (predictions.ClassCodes is { } codes)
        {
            foreach (var code in codes)
            {
                _classes[code].Increment();
            }
        }
        else if (_values is not null && predictions.Values is { } values)
        {
            foreach (var value in values)
            {
                _values.Observe(value);
            }
        }
    }

    /// <summary>Counts a request that failed with <paramref name="status"/> after <paramref name="seconds"/>.</summary>
    public void Failed(double seconds, int status)
    {
        _requests.WithLabels([.. _labels, status.ToString(CultureInfo.InvariantCulture)]).Increment();
        _duration.Observe(seconds);
    }

    private static double[]? LabelDeciles(Model model)
    {
        if (model.ReferenceProfile?.Columns.FirstOrDefault(c => c.Name == model.Label.Column) is not { Quantiles: { } sketch })
        {
            return null;
        }
        return [.. Enumerable.Range(1, 9).Select(i => sketch.Quantile(i / 10.0)).Where(double.IsFinite).Distinct().Order()];
    }
}
