using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
/// Data and prediction drift over the live traffic: every scored batch is copied into its subject's column buffers
/// (deployment, role and model version; a short lock, and a subject with too many rows waiting drops the batch and
/// counts the drop), and a background task, every 10 ms, passes the gathered rows to the
/// subject's <see cref="DriftWindow"/> against that model's reference profiles. Copying at once lets each request's
/// frames die young instead of waiting in a queue through a garbage collection. Each closed window sets the drift
/// gauges on <c>/metrics</c>, and is stored in the window history when the server has a workspace. Models without a
/// reference profile are not monitored. Thread-safe.
/// </summary>
internal sealed class LiveMonitor
{
    /// <summary>Label batches waiting for the reader beyond which new ones are dropped (and counted).</summary>
    public const int QueueCapacity = 8192;

    /// <summary>Rows of one subject waiting for the window beyond which new scored batches are dropped (and counted).</summary>
    public const int MaxWaitingRows = 65_536;

    private readonly Channel<IReadOnlyList<JoinedLabel>> _labels = Channel.CreateBounded<IReadOnlyList<JoinedLabel>>(
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
        _dropped = registry.Counter("keel_monitor_dropped_total", "Scored batches or label batches not monitored because too many were waiting for the monitor.").WithLabels();
        _failures = registry.Counter("keel_monitor_failures_total", "Monitoring windows that could not be computed or stored.").WithLabels();
        string[] subject = ["deployment", "role", "model", "model_version"];
        registry.Collect("keel_monitor_windows_total", "Monitoring windows closed.", MetricType.Counter, subject,
            () => _subjects.Select(s => (s.Value.Labels, (double)s.Value.Windows)));
        registry.Collect("keel_dataset_drift_share", "Share of drifted features in the last closed window.", MetricType.Gauge, subject,
            () => Latest((labels, r) => [(labels, r.Drift.DriftShare)]));
        registry.Collect("keel_dataset_drift", "1 when the last closed window showed dataset drift, else 0.", MetricType.Gauge, subject,
            () => Latest((labels, r) => [(labels, r.Drift.DatasetDrift ? 1.0 : 0.0)]));
        registry.Collect("keel_feature_drift_score",
            "The drift statistic of each feature in the last closed window (its test is the method label; p-value tests give the statistic, see keel_feature_drift).",
            MetricType.Gauge, [.. subject, "feature", "method"],
            () => Latest((labels, r) => r.Drift.Features.Where(f => double.IsFinite(f.Statistic))
                .Select(f => ((string[])[.. labels, f.Name, f.Method.Name()], f.Statistic))));
        registry.Collect("keel_feature_drift", "1 when the feature drifted in the last closed window, else 0.", MetricType.Gauge, [.. subject, "feature"],
            () => Latest((labels, r) => r.Drift.Features.Select(f => ((string[])[.. labels, f.Name], f.Drift ? 1.0 : 0.0))));
        registry.Collect("keel_prediction_drift_score", "The prediction drift statistic of the last closed window.", MetricType.Gauge, [.. subject, "method"],
            () => Latest((labels, r) => r.Drift.Prediction is { } p && double.IsFinite(p.Statistic) ? [([.. labels, p.Method.Name()], p.Statistic)] : []));
        registry.Collect("keel_prediction_drift", "1 when the predictions drifted in the last closed window, else 0.", MetricType.Gauge, subject,
            () => Latest((labels, r) => r.Drift.Prediction is { } p ? [(labels, p.Drift ? 1.0 : 0.0)] : []));
        RegisterPerformance(registry, subject);
    }

    /// <summary>Registers the performance and concept drift gauges (called by the constructor).</summary>
    private void RegisterPerformance(MetricRegistry registry, string[] subject)
    {
        registry.Collect("keel_performance",
            "Model performance by metric: realized over the last labelled predictions (feedback), or estimated without labels over the last closed window (CBPE, binary classifiers).",
            MetricType.Gauge, [.. subject, "metric", "source"],
            () => _subjects.SelectMany(s => s.Value.Performance(s.Value.Labels)));
        registry.Collect("keel_performance_labels", "Labelled predictions the realized performance covers.", MetricType.Gauge, subject,
            () => _subjects.Where(s => s.Value.Labelled is not null).Select(s => (s.Value.Labels, (double)s.Value.Labelled!.Count)));
        registry.Collect("keel_concept_drift_state", "Each concept drift detector's state after the last label: 0 none, 1 warning, 2 drift.",
            MetricType.Gauge, [.. subject, "detector"],
            () => _subjects.Where(s => s.Value.Labelled is not null).SelectMany(s => s.Value.Labelled!.Detectors
                .Select(d => ((string[])[.. s.Value.Labels, d.Detector], (double)d.State))));
        registry.Collect("keel_concept_drift_detections_total", "Drifts each concept drift detector signalled on the error stream.",
            MetricType.Counter, [.. subject, "detector"],
            () => _subjects.Where(s => s.Value.Labelled is not null).SelectMany(s => s.Value.Labelled!.Detectors
                .Select(d => ((string[])[.. s.Value.Labels, d.Detector], (double)d.Detections))));
    }

    /// <summary>
    /// The realized metrics of <paramref name="deployment"/>'s primary model over its last labelled predictions, and how
    /// many labels they rest on (empty and 0 before any label).
    /// </summary>
    public (IReadOnlyDictionary<string, double> Metrics, long Labels) Realized(string deployment)
    {
        var subject = _subjects.FirstOrDefault(s => s.Value.Labels[0] == deployment && s.Value.Labels[1] == "primary" && s.Value.Labelled is not null).Value;
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
            if (key.Deployment is not { Length: > 0 } deployment || current(deployment) is not { } table)
            {
                continue;
            }
            var served = key.Role == "primary" ? table.Primary : table.Candidate;
            if (!ReferenceEquals(served, key.Model))
            {
                _subjects.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The last closed window of every monitored subject.</summary>
    public IReadOnlyList<(string Deployment, string Role, string Model, string Version, WindowResult Window)> LatestWindows =>
        [.. _subjects.Where(s => s.Value.Latest is not null)
            .Select(s => (s.Value.Labels[0], s.Value.Labels[1], s.Value.Labels[2], s.Value.Labels[3], s.Value.Latest!))];

    /// <summary>Hands a scored batch to the monitor: its rows are copied, so the frames may be dropped on return.</summary>
    public void Observe(ServedModel model, DeploymentTag? tag, Frame inputs, Predictions predictions, DateTimeOffset at)
    {
        if (_window is null || model.Model.ReferenceProfile is null)
        {
            return;
        }
        var subject = _subjects.GetOrAdd(new SubjectKey(model, tag?.Deployment ?? "", tag?.Role ?? ""),
            static (key, window) => new Subject(key, new DriftWindow(window, key.Model.Model.ReferenceProfile!, key.Model.Model.PredictionProfile)), _window);
        try
        {
            if (!subject.Gather(inputs, predictions, at))
            {
                _dropped.Increment();
            }
        }
        catch (ArgumentException)
        {
            // Rows the buffers cannot take (not expected: the binder built them) fail monitoring, never the request.
            _failures.Increment();
        }
    }

    /// <summary>
    /// Hands labels joined to their predictions to the monitor: each feeds the realized performance and the concept
    /// drift detectors of the model that made the prediction (if it is monitored here). Returns at once.
    /// </summary>
    public void ObserveLabels(IReadOnlyList<JoinedLabel> labels)
    {
        if (_window is not null && labels.Count > 0 && !_labels.Writer.TryWrite(labels))
        {
            _dropped.Increment();
        }
    }

    /// <summary>
    /// Processes the labels queued so far and passes each subject's gathered rows to its window once there are
    /// enough of them — or, when <paramref name="tick"/>, whatever has gathered — then, when <paramref name="tick"/>,
    /// closes time windows whose end has passed. Called by one task at a time (see <see cref="LiveMonitoring"/>):
    /// profiling on a timer keeps it off the request path. <paramref name="report"/> hears of failures.
    /// </summary>
    public async Task DrainAsync(TimeProvider time, bool tick, Action<Exception> report, CancellationToken cancellationToken)
    {
        while (_labels.Reader.TryRead(out var labels))
        {
            foreach (var label in labels)
            {
                await AttemptAsync(() =>
                {
                    Label(label);
                    return Task.CompletedTask;
                }, report).ConfigureAwait(false);
            }
        }
        foreach (var subject in _subjects.Values)
        {
            if (subject.Take(all: tick) is var (inputs, outputs, at))
            {
                await AttemptAsync(() => ClosedAsync(subject, subject.Window.Add(inputs, outputs, at), cancellationToken), report).ConfigureAwait(false);
            }
            if (tick)
            {
                await AttemptAsync(() => ClosedAsync(subject, subject.Window.Tick(time.GetUtcNow()), cancellationToken), report).ConfigureAwait(false);
            }
        }
    }

    // A label, a batch that cannot be profiled or a window that cannot be stored is counted and reported; the next ones go on.
    private async Task AttemptAsync(Func<Task> step, Action<Exception> report)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failures.Increment();
            report(ex);
        }
    }

    private async Task ClosedAsync(Subject subject, IReadOnlyList<WindowResult> results, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            subject.Latest = result;
            subject.Estimate();
            subject.Windows++;
            if (_history is not null)
            {
                var l = subject.Labels;
                await _history.AppendAsync(WindowHistory.Of(result, l[0], l[1], l[2], l[3]), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The label's prediction is matched to the subject by the log's deployment, role, model and version.
    private void Label(JoinedLabel label)
    {
        string[] labels = [label.Deployment ?? "", label.DeploymentRole ?? "", label.ModelName, label.ModelVersion];
        var subject = _subjects.FirstOrDefault(s => s.Value.Labels.AsSpan().SequenceEqual(labels)).Value;
        subject?.Label(label.OutputsJson, label.Label);
    }

    private IEnumerable<(string[] Values, double Value)> Latest(Func<string[], WindowResult, IEnumerable<(string[], double)>> read) =>
        _subjects.Where(s => s.Value.Latest is not null).SelectMany(s => read(s.Value.Labels, s.Value.Latest!));

    // The model instance is part of the key: a version re-registered under the same number is another model.
    private readonly record struct SubjectKey(ServedModel Model, string Deployment, string Role)
    {
        public bool Equals(SubjectKey other) =>
            ReferenceEquals(Model, other.Model) && string.Equals(Deployment, other.Deployment, StringComparison.Ordinal) && string.Equals(Role, other.Role, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Model), Deployment, Role);
    }

    private sealed class Subject(SubjectKey key, DriftWindow window)
    {
        // Profiling costs a fixed amount per batch and column, so one-row requests are gathered into batches of this
        // many rows (or whatever arrived within the second between two ticks) before they reach the window.
        private const int BatchRows = 256;
        // CBPE needs every probability of the window; capped so a busy time window stays bounded (the rest is not estimated).
        private const int MaxEstimated = 100_000;
        private readonly Lock _gathering = new();
        // Every column a request may send: one left out is missing in its rows, so all rows share one schema.
        private readonly FrameAppender _inputs = new(key.Model.Binder.Schema, BatchRows);
        private FrameAppender? _outputs;
        private DateTimeOffset _gatheredAt;
        private List<double> _positive = [];
        private List<int> _predicted = [];
        private readonly Lock _gate = new();
        private CbpeEstimate? _estimate;

        /// <summary>Deployment, role, model name and version: the subject's labels on /metrics.</summary>
        public string[] Labels { get; } = [key.Deployment, key.Role, key.Model.Name, key.Model.Version];

        public DriftWindow Window { get; } = window;

        public volatile WindowResult? Latest;

        public long Windows;

        public PerformanceWindow? Labelled { get; private set; }

        /// <summary>
        /// Copies a scored batch's rows and predictions into the buffers (any request thread); false, copying nothing,
        /// when it would take the rows waiting past <see cref="MaxWaitingRows"/>.
        /// </summary>
        public bool Gather(Frame inputs, Predictions predictions, DateTimeOffset at)
        {
            var outputs = PredictionColumn.Of(predictions);
            lock (_gathering)
            {
                // A bulk request larger than the bound is still taken when nothing waits.
                if (_inputs.Rows > 0 && _inputs.Rows + inputs.RowCount > MaxWaitingRows)
                {
                    return false;
                }
                // The output's shape is the model's (a probability, a value or a class), the same for every batch.
                _outputs ??= new FrameAppender(outputs.Schema, BatchRows);
                if (_inputs.Rows == 0)
                {
                    _gatheredAt = at;
                }
                _inputs.Append(inputs, absentAsMissing: true);
                _outputs.Append(outputs);
                Scored(predictions);
                return true;
            }
        }

        /// <summary>
        /// The gathered rows for the window (drain task) once there are <see cref="BatchRows"/> of them, or any when
        /// <paramref name="all"/>; stamped with the first row's time (a time window may so count rows from up to a second
        /// after its end).
        /// </summary>
        public (Frame Inputs, Frame Outputs, DateTimeOffset At)? Take(bool all)
        {
            lock (_gathering)
            {
                if (_outputs is null || _inputs.Rows == 0 || (!all && _inputs.Rows < BatchRows))
                {
                    return null;
                }
                return (_inputs.Take(), _outputs.Take(), _gatheredAt);
            }
        }

        private void Scored(Predictions predictions)
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

        /// <summary>At a window's close: CBPE over the predictions since the last close (computed outside the lock requests take).</summary>
        public void Estimate()
        {
            List<double> positive;
            List<int> predicted;
            lock (_gathering)
            {
                (positive, predicted) = (_positive, _predicted);
                (_positive, _predicted) = ([], []);
            }
            if (positive.Count > 0)
            {
                _estimate = Cbpe.AssumingCalibrated.Estimate(CollectionsMarshal.AsSpan(positive), CollectionsMarshal.AsSpan(predicted));
            }
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
            var model = key.Model.Model;
            var task = model.Task;
            Labelled ??= new PerformanceWindow(task, model.Label.Classes.Count);
            if (LoggedPrediction.Parse(outputsJson, model.Label.Classes) is not { } logged)
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
            if (LoggedPrediction.ClassIndex(label, model.Label.Classes) is { } truth)
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
