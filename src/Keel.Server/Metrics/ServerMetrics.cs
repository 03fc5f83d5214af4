using System.Collections.Concurrent;
using Keel.Monitoring.Metrics;
using Keel.Server.Deployments;
using Keel.Storage;

namespace Keel.Server.Metrics;

/// <summary>
/// What <c>GET /metrics</c> exposes, in Prometheus' conventions (<c>keel_</c> prefix, seconds, <c>_total</c> counters):
/// per deployment, role, model and model version the scoring requests by status code, their latency histogram, rows
/// scored and the prediction distribution; per deployment the revision served and the live quality from feedback;
/// the inference log's commits, feedback labels, load shedding, and build information. Monitoring adds drift,
/// estimated performance and alert states to <see cref="Registry"/>. Thread-safe.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly string[] ScoringLabels = ["deployment", "role", "model", "model_version"];

    private readonly ConcurrentDictionary<(ServedModel Model, string Deployment, string Role), ScoringMeters> _meters = new();

    public ServerMetrics(TimeProvider time, InferenceLog? log, DeploymentHost? deployments, RequestAdmission admission)
    {
        Registry = new MetricRegistry();
        Requests = Registry.Counter("keel_inference_requests_total",
            "Scoring requests answered, by deployment (empty for a model served directly), role, model, model version and HTTP status code.",
            [.. ScoringLabels, "code"]);
        Duration = Registry.Histogram("keel_inference_request_duration_seconds",
            "Time from a scoring request's arrival to its answer (including the inference log's commit), in seconds.",
            HistogramFamily.LatencySeconds, ScoringLabels);
        Rows = Registry.Counter("keel_inference_rows_total", "Rows scored (one prediction each).", ScoringLabels);
        PredictedClasses = Registry.Counter("keel_predictions_total", "Predictions of a classifier, by predicted class.", [.. ScoringLabels, "class"]);
        PredictionValues = Registry.Histogram("keel_prediction_value",
            "Predicted values of a regression model; buckets are the deciles of its training label.", [0], ScoringLabels);
        Feedback = Registry.Counter("keel_feedback_labels_total", "True labels received on POST /feedback and joined to a logged prediction.").WithLabels();
        var started = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Registry.Collect("keel_build_info", "Keel's version; always 1.", MetricType.Gauge, ["version"], () => [([ServerInfo.Version], 1)]);
        Registry.Collect("keel_start_time_seconds", "When the server started, in seconds since the Unix epoch.", MetricType.Gauge, [], () => [([], started)]);
        Registry.Collect("keel_requests_in_flight", "Requests being handled now (health checks and scrapes excepted).", MetricType.Gauge, [],
            () => [([], admission.InFlight)]);
        Registry.Collect("keel_requests_queued", "Requests waiting for a slot now.", MetricType.Gauge, [], () => [([], admission.Queued)]);
        Registry.Collect("keel_requests_rejected_total", "Requests turned away with 503 because the server was at capacity.", MetricType.Counter, [],
            () => [([], admission.Rejected)]);
        CollectRuntime();
        if (log is not null)
        {
            Registry.Collect("keel_inference_log_commits_total", "Journal frames the inference log committed (one per scoring request, holding its rows).",
                MetricType.Counter, [], () => [([], log.Commits)]);
            Registry.Collect("keel_inference_log_pending_records", "Logged predictions acknowledged but not yet copied from the journal into the store.",
                MetricType.Gauge, [], () => [([], log.PendingRecords)]);
        }
        if (deployments is not null)
        {
            Registry.Collect("keel_deployment_revision", "The revision of each deployment this server serves.", MetricType.Gauge, ["deployment"],
                () => Served(deployments).Select(t => (new[] { t.Revision.Deployment }, (double)t.Revision.Number)));
            Registry.Collect("keel_deployment_latency_seconds",
                "Latency quantiles (0.5, 0.95, 0.99) of each role's requests under the served revision, in seconds (what canary gates see as p50_ms, p95_ms, p99_ms).",
                MetricType.Gauge, ["deployment", "role", "quantile"], () => Latencies(deployments));
            Registry.Collect("keel_deployment_labels", "Labelled predictions under the served revision, by role (resets with each revision).",
                MetricType.Gauge, ["deployment", "role"], () => Quality(deployments, s => s.QualityCount));
            Registry.Collect("keel_deployment_quality",
                "Live quality under the served revision from feedback labels, by role: accuracy for classifiers, minus the mean absolute error for regressions.",
                MetricType.Gauge, ["deployment", "role"], () => Quality(deployments, s => s.QualityMean).Where(q => !double.IsNaN(q.Value)));
        }
    }

    /// <summary>Every family, for <c>GET /metrics</c> and for alert rules.</summary>
    public MetricRegistry Registry { get; }

    /// <summary><c>keel_inference_requests_total</c>.</summary>
    public CounterFamily Requests { get; }

    /// <summary><c>keel_inference_request_duration_seconds</c>.</summary>
    public HistogramFamily Duration { get; }

    /// <summary><c>keel_inference_rows_total</c>.</summary>
    public CounterFamily Rows { get; }

    /// <summary><c>keel_predictions_total</c>.</summary>
    public CounterFamily PredictedClasses { get; }

    /// <summary><c>keel_prediction_value</c> (each series with its own buckets).</summary>
    public HistogramFamily PredictionValues { get; }

    /// <summary><c>keel_feedback_labels_total</c>.</summary>
    public Counter Feedback { get; }

    /// <summary>The series of <paramref name="model"/> answering as <paramref name="role"/> of <paramref name="deployment"/> ("" for none).</summary>
    public ScoringMeters For(ServedModel model, string deployment, string role) =>
        _meters.TryGetValue((model, deployment, role), out var meters)
            ? meters
            : _meters.GetOrAdd((model, deployment, role), key => new ScoringMeters(this, key.Model, key.Deployment, key.Role));

    private static IEnumerable<Keel.Serving.Deployments.RoutingTable<ServedModel>> Served(DeploymentHost deployments) =>
        deployments.Names.Select(deployments.Find).OfType<Keel.Serving.Deployments.RoutingTable<ServedModel>>();

    private static IEnumerable<(string[] Values, double Value)> Latencies(DeploymentHost deployments)
    {
        foreach (var table in Served(deployments))
        {
            foreach (var (role, metrics) in new[] { ("primary", table.PrimaryMetrics), ("candidate", table.CandidateMetrics) })
            {
                var s = metrics.Snapshot();
                if (s.Requests == 0)
                {
                    continue;
                }
                yield return ([table.Revision.Deployment, role, "0.5"], s.P50Ms / 1000);
                yield return ([table.Revision.Deployment, role, "0.95"], s.P95Ms / 1000);
                yield return ([table.Revision.Deployment, role, "0.99"], s.P99Ms / 1000);
            }
        }
    }

    private static IEnumerable<(string[] Values, double Value)> Quality(
        DeploymentHost deployments, Func<Keel.Serving.Deployments.RoleMetricsSnapshot, double> read)
    {
        foreach (var table in Served(deployments))
        {
            yield return ([table.Revision.Deployment, "primary"], read(table.PrimaryMetrics.Snapshot()));
            if (table.Candidate is not null)
            {
                yield return ([table.Revision.Deployment, "candidate"], read(table.CandidateMetrics.Snapshot()));
            }
        }
    }

    // The process and runtime figures Prometheus' client libraries export under these names (process_* as in the
    // exposition guidelines' standard process metrics), read when scraped.
    private void CollectRuntime()
    {
        Registry.Collect("process_cpu_seconds_total", "Total user and system CPU time spent, in seconds.", MetricType.Counter, [],
            () => [([], Environment.CpuUsage.TotalTime.TotalSeconds)]);
        Registry.Collect("process_resident_memory_bytes", "Resident memory size, in bytes.", MetricType.Gauge, [],
            () => [([], Environment.WorkingSet)]);
        Registry.Collect("dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", MetricType.Counter, ["generation"],
            () => [(["0"], GC.CollectionCount(0)), (["1"], GC.CollectionCount(1)), (["2"], GC.CollectionCount(2))]);
        Registry.Collect("dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection, in seconds.", MetricType.Counter, [],
            () => [([], GC.GetTotalPauseDuration().TotalSeconds)]);
        Registry.Collect("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.", MetricType.Counter, [],
            () => [([], GC.GetTotalAllocatedBytes())]);
        Registry.Collect("dotnet_gc_heap_size_bytes", "Bytes the managed heap holds after the last collection.", MetricType.Gauge, [],
            () => [([], GC.GetGCMemoryInfo().HeapSizeBytes)]);
    }
}
