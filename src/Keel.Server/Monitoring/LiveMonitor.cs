using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Keel.Data;
using Keel.Learning;
using Keel.Monitoring.Drift;
using Keel.Monitoring.Metrics;
using Keel.Monitoring.Performance;
using Keel.Monitoring.Windows;
using Keel.Serving.Deployments;
using Keel.Server.Inference;
using Keel.Server.Metrics;
using Keel.Storage;

namespace Keel.Server.Monitoring;

/// <summary>
/// Data and prediction drift over the live traffic: every scored batch is handed over (never blocking a request: a
/// full queue drops it and counts the drop) to a background task, draining the queue every 10 ms, that feeds a <see cref="DriftWindow"/> per
/// deployment, role and model version against that model's reference profiles. Each closed window sets the drift
/// gauges on <c>/metrics</c>, and is stored in the window history when the server has a workspace. Models without a
/// reference profile are not monitored. Thread-safe.
/// </summary>
internal sealed class LiveMonitor
{
    /// <summary>Batches waiting for the reader beyond which new ones are dropped (and counted).</summary>
    public const int QueueCapacity = 8192;

    private readonly Channel<object?> _queue = Channel.CreateBounded<object?>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait, AllowSynchronousContinuations = false });
    private readonly ConcurrentDictionary<SubjectKey, Subject> _subjects = new();
    private readonly WindowSpec? _window;
    private readonly WindowHistory? _history;
    private readonly Counter _dropped;
    private readonly Counter _failures;

    /// <summary>A monitor cutting traffic into <paramref name="window"/>s; null monitors nothing (every batch is ignored).</summary>
    public LiveMonitor(WindowSpec? window, ServerMetrics metrics, WindowHistory? history)
    {
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
        RegisterPerformance(registry, subject);
    }

    /// <summary>Registers the performance and concept drift gauges (called by the constructor).</summary>
    private void RegisterPerformance(MetricRegistry registry, string[] subject)
    {
        registry.Collect("keel_performance",
            "Model performance by metric: realized over the last labelled predictions (feedback), or estimated without labels over the last closed window (CBPE, binary classifiers).",
            MetricType.Gauge, [.. subject, "metric", "source"],
            () => _subjects.SelectMany(s => s.Value.Performance(s.Key.Labels)));
        registry.Collect("keel_performance_labels", "Labelled predictions the realized performance covers.", MetricType.Gauge, subject,
            () => _subjects.Where(s => s.Value.Labelled is not null).Select(s => (s.Key.Labels, (double)s.Value.Labelled!.Count)));
        registry.Collect("keel_concept_drift_state", "Each concept drift detector's state after the last label: 0 none, 1 warning, 2 drift.",
            MetricType.Gauge, [.. subject, "detector"],
            () => _subjects.Where(s => s.Value.Labelled is not null).SelectMany(s => s.Value.Labelled!.Detectors
                .Select(d => ((string[])[.. s.Key.Labels, d.Detector], (double)d.State))));
        registry.Collect("keel_concept_drift_detections_total", "Drifts each concept drift detector signalled on the error stream.",
            MetricType.Counter, [.. subject, "detector"],
            () => _subjects.Where(s => s.Value.Labelled is not null).SelectMany(s => s.Value.Labelled!.Detectors
                .Select(d => ((string[])[.. s.Key.Labels, d.Detector], (double)d.Detections))));
    }

    /// <summary>
    /// The realized metrics of <paramref name="deployment"/>'s primary model over its last labelled predictions, and how
    /// many labels they rest on (empty and 0 before any label).
    /// </summary>
    public (IReadOnlyDictionary<string, double> Metrics, long Labels) Realized(string deployment)
    {
        var subject = _subjects.FirstOrDefault(s => s.Key.Labels[0] == deployment && s.Key.Labels[1] == "primary" && s.Value.Labelled is not null).Value;
        return subject?.RealizedNow() ?? (new Dictionary<string, double>(), 0);
    }

    /// <summary>
    /// Forgets what a deployment's current revision no longer serves: the drift windows, realized performance and
    /// detectors of a model in a role it has left (the old champion after a promotion, a candidate rolled back), so
    /// that its gauges leave <c>/metrics</c> and alert rules stop judging it. Late labels for its predictions are
    /// still stored in the log; they no longer move live metrics. Subjects of models served directly are kept.
    /// </summary>
    /// <param name="current">The routing table a deployment serves now, or null for one this server does not know.</param>
    public void Retire(Func<string, RoutingTable<ServedModel>?> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        foreach (var key in _subjects.Keys)
        {
            if (key.Labels[0] is not { Length: > 0 } deployment || current(deployment) is not { } table)
            {
                continue;
            }
            var served = key.Labels[1] == "primary" ? table.Primary : table.Candidate;
            if (!ReferenceEquals(served, key.Model))
            {
                _subjects.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The last closed window of every monitored subject.</summary>
    public IReadOnlyList<(string Deployment, string Role, string Model, string Version, WindowResult Window)> LatestWindows =>
        [.. _subjects.Where(s => s.Value.Latest is not null)
            .Select(s => (s.Key.Labels[0], s.Key.Labels[1], s.Key.Labels[2], s.Key.Labels[3], s.Value.Latest!))];

    /// <summary>Hands a scored batch to the monitor; returns at once.</summary>
    public void Observe(ServedModel model, DeploymentTag? tag, Frame inputs, Predictions predictions, DateTimeOffset at)
    {
        if (_window is null || model.Model.ReferenceProfile is null)
        {
            return;
        }
        if (!_queue.Writer.TryWrite(new Observation(model, tag?.Deployment ?? "", tag?.Role ?? "", inputs, predictions, at)))
        {
            _dropped.Increment();
        }
    }

    /// <summary>
    /// Hands labels joined to their predictions to the monitor: each feeds the realized performance and the concept
    /// drift detectors of the model that made the prediction (if it is monitored here). Returns at once.
    /// </summary>
    public void ObserveLabels(IReadOnlyList<JoinedLabel> labels)
    {
        if (_window is not null && labels.Count > 0 && !_queue.Writer.TryWrite(labels))
        {
            _dropped.Increment();
        }
    }

    /// <summary>
    /// Processes everything queued so far (scored batches and labels), then, when <paramref name="tick"/>, passes the
    /// gathered rows on and closes time windows whose end has passed. Called by one task at a time (see
    /// <see cref="LiveMonitoring"/>): draining on a timer instead of waking a reader for every request keeps the
    /// hand-off off the request path. <paramref name="report"/> hears of failures.
    /// </summary>
    public async Task DrainAsync(TimeProvider time, bool tick, Action<Exception> report, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var observation))
        {
            await ProcessAsync(observation, report, cancellationToken).ConfigureAwait(false);
        }
        if (!tick)
        {
            return;
        }
        foreach (var (key, subject) in _subjects)
        {
            try
            {
                await ClosedAsync(key, subject, subject.Flush(), cancellationToken).ConfigureAwait(false);
                await ClosedAsync(key, subject, subject.Window.Tick(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failures.Increment();
                report(ex);
            }
        }
    }

    private async Task ProcessAsync(object? observation, Action<Exception> report, CancellationToken cancellationToken)
    {
        try
        {
            if (observation is IReadOnlyList<JoinedLabel> labels)
            {
                foreach (var label in labels)
                {
                    Label(label);
                }
                return;
            }
            if (observation is not Observation scored)
            {
                return;
            }
            var model = scored.Model;
            var key = new SubjectKey(scored.Model, [scored.Deployment, scored.Role, model.Name, model.Version]);
            var subject = _subjects.GetOrAdd(key, _ => new Subject(model, new DriftWindow(_window!, model.Model.ReferenceProfile!, model.Model.PredictionProfile)));
            subject.Scored(scored.Predictions);
            await ClosedAsync(key, subject, subject.Buffer(scored.Inputs, PredictionColumn.Of(scored.Predictions), scored.At), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failures.Increment();
            report(ex);
        }
    }

    private async Task ClosedAsync(SubjectKey key, Subject subject, IReadOnlyList<WindowResult> results, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            subject.Latest = result;
            subject.Estimate();
            subject.Windows++;
            if (_history is not null)
            {
                var l = key.Labels;
                await _history.AppendAsync(WindowHistory.Of(result, l[0], l[1], l[2], l[3]), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The label's prediction is matched to the subject by the log's deployment, role, model and version.
    private void Label(JoinedLabel label)
    {
        string[] labels = [label.Deployment ?? "", label.DeploymentRole ?? "", label.ModelName, label.ModelVersion];
        var subject = _subjects.FirstOrDefault(s => s.Key.Labels.AsSpan().SequenceEqual(labels)).Value;
        subject?.Label(label.OutputsJson, label.Label);
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

    private sealed class Subject(ServedModel model, DriftWindow window)
    {
        // Profiling costs a fixed amount per batch and column, so one-row requests are gathered into batches of this
        // many rows (or whatever arrived within the second between two ticks) before they reach the window.
        private const int BufferRows = 256;
        private readonly List<Frame> _inputs = [];
        private readonly List<Frame> _outputs = [];
        private int _bufferedRows;
        private int _chunks; // leading frames of _inputs and _outputs that are already compacted chunks
        private DateTimeOffset _bufferedAt;
        // CBPE needs every probability of the window; capped so a busy time window stays bounded (the rest is not estimated).
        private const int MaxEstimated = 100_000;
        private readonly List<double> _positive = [];
        private readonly List<int> _predicted = [];
        private readonly Lock _gate = new();
        private CbpeEstimate? _estimate;

        public DriftWindow Window { get; } = window;

        public volatile WindowResult? Latest;

        public long Windows;

        public PerformanceWindow? Labelled { get; private set; }

        /// <summary>Gathers a scored batch; passes the gathered rows to the window once there are enough.</summary>
        private const int CompactFrames = 32;

        public IReadOnlyList<WindowResult> Buffer(Frame inputs, Frame outputs, DateTimeOffset at)
        {
            if (_bufferedRows == 0)
            {
                _bufferedAt = at;
            }
            _inputs.Add(inputs);
            _outputs.Add(outputs);
            _bufferedRows += inputs.RowCount;
            if (_bufferedRows >= BufferRows)
            {
                return Flush();
            }
            if (_inputs.Count - _chunks >= CompactFrames)
            {
                // One-row frames of single requests would otherwise live until the flush and outlive a collection or
                // two; copied into one frame they die young. Only the frames since the last chunk are copied, so each
                // row is copied once here and once at the flush.
                Compact(_inputs, _chunks);
                Compact(_outputs, _chunks);
                _chunks++;
            }
            return [];
        }

        private static void Compact(List<Frame> frames, int from)
        {
            var chunk = FrameConcat.Concat(frames[from].Schema, frames.GetRange(from, frames.Count - from));
            frames.RemoveRange(from, frames.Count - from);
            frames.Add(chunk);
        }

        /// <summary>
        /// Passes the gathered rows to the window as one batch stamped with the first one's time (a time window may so
        /// count rows from up to a second after its end).
        /// </summary>
        public IReadOnlyList<WindowResult> Flush()
        {
            if (_bufferedRows == 0)
            {
                return [];
            }
            try
            {
                var inputs = _inputs.Count == 1 ? _inputs[0] : FrameConcat.Concat(_inputs[0].Schema, _inputs);
                var outputs = _outputs.Count == 1 ? _outputs[0] : FrameConcat.Concat(_outputs[0].Schema, _outputs);
                return Window.Add(inputs, outputs, _bufferedAt);
            }
            finally
            {
                // Rows that cannot be profiled (a failure is reported by the caller) must not block the next ones.
                _inputs.Clear();
                _outputs.Clear();
                _chunks = 0;
                _bufferedRows = 0;
            }
        }

        public void Scored(Predictions predictions)
        {
            if (predictions.Classes.Count != 2 || predictions.Probabilities is not { } p)
            {
                return;
            }
            for (var i = 0; i < predictions.Rows && _positive.Count < MaxEstimated; i++)
            {
                _positive.Add(p[(2 * i) + 1]);
                _predicted.Add(predictions.ClassCodes![i]);
            }
        }

        /// <summary>At a window's close: CBPE over the predictions since the last close.</summary>
        public void Estimate()
        {
            if (_positive.Count > 0)
            {
                _estimate = Cbpe.AssumingCalibrated.Estimate(CollectionsMarshal.AsSpan(_positive), CollectionsMarshal.AsSpan(_predicted));
            }
            _positive.Clear();
            _predicted.Clear();
        }

        public void Label(string outputsJson, string label)
        {
            lock (_gate)
            {
                AddLabel(outputsJson, label);
            }
        }

        private void AddLabel(string outputsJson, string label)
        {
            var task = model.Model.Task;
            Labelled ??= new PerformanceWindow(task, model.Model.Label.Classes.Count);
            if (LoggedPrediction.Parse(outputsJson, model.Model.Label.Classes) is not { } logged)
            {
                return;
            }
            if (task == LearningTask.Regression)
            {
                if (double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var target) && double.IsFinite(target))
                {
                    Labelled.AddRegressed(target, logged.Value);
                }
                return;
            }
            if (LoggedPrediction.ClassIndex(label, model.Model.Label.Classes) is { } truth)
            {
                Labelled.AddClassified(truth, logged.Class, logged.Probabilities);
            }
        }

        public (IReadOnlyDictionary<string, double> Metrics, long Labels) RealizedNow()
        {
            lock (_gate)
            {
                return Labelled is null
                    ? (new Dictionary<string, double>(), 0)
                    : (Labelled.Metrics().Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Metric, m => m.Value, StringComparer.Ordinal), Labelled.Count);
            }
        }

        public IEnumerable<(string[] Values, double Value)> Performance(string[] labels)
        {
            IReadOnlyList<(string Metric, double Value)> realized;
            lock (_gate)
            {
                realized = Labelled?.Metrics() ?? [];
            }
            foreach (var (metric, value) in realized)
            {
                if (double.IsFinite(value))
                {
                    yield return ([.. labels, metric, "realized"], value);
                }
            }
            if (_estimate is { } e)
            {
                foreach (var (metric, value) in new[] { ("accuracy", e.Accuracy), ("precision", e.Precision), ("recall", e.Recall), ("f1", e.F1), ("roc_auc", e.RocAuc) })
                {
                    if (double.IsFinite(value))
                    {
                        yield return ([.. labels, metric, "estimated"], value);
                    }
                }
            }
        }
    }
}
