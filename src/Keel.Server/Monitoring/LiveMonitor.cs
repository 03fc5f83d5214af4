using System.Collections.Concurrent;
using System.Threading.Channels;
using Keel.Data;
using Keel.Learning;
using Keel.Monitoring.Drift;
using Keel.Monitoring.Metrics;
using Keel.Monitoring.Windows;
using Keel.Server.Inference;
using Keel.Server.Metrics;

namespace Keel.Server.Monitoring;

/// <summary>
/// Data and prediction drift over the live traffic: every scored batch is handed over (never blocking a request: a
/// full queue drops it and counts the drop) to one background reader that feeds a <see cref="DriftWindow"/> per
/// deployment, role and model version against that model's reference profiles. Each closed window sets the drift
/// gauges on <c>/metrics</c>, and is stored in the window history when the server has a workspace. Models without a
/// reference profile are not monitored. Thread-safe.
/// </summary>
internal sealed class LiveMonitor
{
    /// <summary>Batches waiting for the reader beyond which new ones are dropped (and counted).</summary>
    public const int QueueCapacity = 8192;

    private readonly Channel<Observation?> _queue = Channel.CreateBounded<Observation?>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<SubjectKey, Subject> _subjects = new();
    private readonly WindowSpec _window;
    private readonly WindowHistory? _history;
    private readonly Counter _dropped;
    private readonly Counter _failures;

    public LiveMonitor(WindowSpec window, ServerMetrics metrics, WindowHistory? history)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(metrics);
        _window = window;
        _history = history;
        var registry = metrics.Registry;
        _dropped = registry.Counter("keel_monitor_dropped_total", "Scored batches not monitored because the monitor's queue was full.").WithLabels();
        _failures = registry.Counter("keel_monitor_failures_total", "Monitoring windows that could not be computed or stored.").WithLabels();
        string[] subject = ["deployment", "role", "model", "model_version"];
        registry.Collect("keel_monitor_windows_total", "Monitoring windows closed.", MetricType.Counter, subject,
            () => _subjects.Select(s => (s.Key.Labels, (double)s.Value.Windows)));
        registry.Collect("keel_dataset_drift_share", "Share of drifted features in the last closed window.", MetricType.Gauge, subject,
            () => Latest((key, r) => [(key.Labels, r.Drift.DriftShare)]));
        registry.Collect("keel_dataset_drift", "1 when the last closed window showed dataset drift, else 0.", MetricType.Gauge, subject,
            () => Latest((key, r) => [(key.Labels, r.Drift.DatasetDrift ? 1.0 : 0.0)]));
        registry.Collect("keel_feature_drift_score",
            "The drift statistic of each feature in the last closed window (its test is the method label; p-value tests give the statistic, see keel_feature_drift).",
            MetricType.Gauge, [.. subject, "feature", "method"],
            () => Latest((key, r) => r.Drift.Features.Where(f => double.IsFinite(f.Statistic))
                .Select(f => ((string[])[.. key.Labels, f.Name, f.Method.Name()], f.Statistic))));
        registry.Collect("keel_feature_drift", "1 when the feature drifted in the last closed window, else 0.", MetricType.Gauge, [.. subject, "feature"],
            () => Latest((key, r) => r.Drift.Features.Select(f => ((string[])[.. key.Labels, f.Name], f.Drift ? 1.0 : 0.0))));
        registry.Collect("keel_prediction_drift_score", "The prediction drift statistic of the last closed window.", MetricType.Gauge, [.. subject, "method"],
            () => Latest((key, r) => r.Drift.Prediction is { } p && double.IsFinite(p.Statistic) ? [([.. key.Labels, p.Method.Name()], p.Statistic)] : []));
        registry.Collect("keel_prediction_drift", "1 when the predictions drifted in the last closed window, else 0.", MetricType.Gauge, subject,
            () => Latest((key, r) => r.Drift.Prediction is { } p ? [(key.Labels, p.Drift ? 1.0 : 0.0)] : []));
    }

    /// <summary>The last closed window of every monitored subject.</summary>
    public IReadOnlyList<(string Deployment, string Role, string Model, string Version, WindowResult Window)> LatestWindows =>
        [.. _subjects.Where(s => s.Value.Latest is not null)
            .Select(s => (s.Key.Labels[0], s.Key.Labels[1], s.Key.Labels[2], s.Key.Labels[3], s.Value.Latest!))];

    /// <summary>Hands a scored batch to the monitor; returns at once.</summary>
    public void Observe(ServedModel model, DeploymentTag? tag, Frame inputs, Predictions predictions, DateTimeOffset at)
    {
        if (model.Model.ReferenceProfile is null)
        {
            return;
        }
        if (!_queue.Writer.TryWrite(new Observation(model, tag?.Deployment ?? "", tag?.Role ?? "", inputs, predictions, at)))
        {
            _dropped.Increment();
        }
    }

    /// <summary>Asks the reader to close time windows whose end has passed.</summary>
    public void Tick() => _queue.Writer.TryWrite(null);

    /// <summary>The reader: runs until <paramref name="cancellationToken"/> stops it; <paramref name="report"/> hears of failures.</summary>
    public async Task RunAsync(TimeProvider time, Action<Exception> report, CancellationToken cancellationToken)
    {
        await foreach (var observation in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (observation is null)
                {
                    foreach (var (open, watched) in _subjects)
                    {
                        await ClosedAsync(open, watched, watched.Window.Tick(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                    }
                    continue;
                }
                var model = observation.Model;
                var key = new SubjectKey(observation.Model, [observation.Deployment, observation.Role, model.Name, model.Version]);
                var subject = _subjects.GetOrAdd(key, _ => new Subject(new DriftWindow(_window, model.Model.ReferenceProfile!, model.Model.PredictionProfile)));
                var results = subject.Window.Add(observation.Inputs, PredictionColumn.Of(observation.Predictions), observation.At);
                await ClosedAsync(key, subject, results, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failures.Increment();
                report(ex);
            }
        }
    }

    private async Task ClosedAsync(SubjectKey key, Subject subject, IReadOnlyList<WindowResult> results, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            subject.Latest = result;
            subject.Windows++;
            if (_history is not null)
            {
                var l = key.Labels;
                await _history.AppendAsync(WindowHistory.Of(result, l[0], l[1], l[2], l[3]), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private IEnumerable<(string[] Values, double Value)> Latest(Func<SubjectKey, WindowResult, IEnumerable<(string[], double)>> read) =>
        _subjects.Where(s => s.Value.Latest is not null).SelectMany(s => read(s.Key, s.Value.Latest!));

    private sealed record Observation(ServedModel Model, string Deployment, string Role, Frame Inputs, Predictions Predictions, DateTimeOffset At);

    // The model instance is part of the key: a version re-registered under the same number is another model.
    private sealed record SubjectKey(ServedModel Model, string[] Labels)
    {
        public bool Equals(SubjectKey? other) => other is not null && ReferenceEquals(Model, other.Model) && Labels.AsSpan().SequenceEqual(other.Labels);

        public override int GetHashCode() => HashCode.Combine(Model, Labels[0], Labels[1]);
    }

    private sealed class Subject(DriftWindow window)
    {
        public DriftWindow Window { get; } = window;

        public volatile WindowResult? Latest;

        public long Windows;
    }
}
