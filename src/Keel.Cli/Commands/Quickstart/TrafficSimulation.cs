using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Keel.Examples;
using Keel.Learning.Metrics;
using Keel.Monitoring.Windows;
using Keel.Retraining;
using Keel.Server.Mlflow;
using Keel.Serving.Deployments;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// Drives the quickstart's story through a real server: hour by simulated hour it sends the applications of that hour
/// as scoring requests (one application per request, MLflow's CSV body), posts the labels that have matured
/// (<see cref="LabelDelay"/> after each application), moves the <see cref="SimulatedClock"/> on — which lets the
/// server close its daily drift windows, evaluate its alert rules, judge canaries and tick the retraining loop — and
/// reports what changed: windows, alerts, retrains and deployment revisions. While a candidate trains the clock waits
/// (training takes seconds of real time; on the simulated calendar it would otherwise take days).
/// </summary>
internal sealed class TrafficSimulation(
    HttpClient client, SimulatedClock clock, MetadataStore store, string deployment, Action<StoryEvent> narrate)
{
    /// <summary>How long after an application its outcome (the label) is known.</summary>
    public static readonly TimeSpan LabelDelay = TimeSpan.FromDays(7);

    private const int Concurrency = 8;

    private readonly WindowHistory _windows = new(store);
    private readonly RetrainingJournal _journal = new(store);
    private readonly DeploymentCatalog _catalog = new(store);
    private readonly Dictionary<string, string> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (RetrainOutcome Outcome, string? Detail)> _retrains = [];
    private readonly List<Scored> _scored = [];
    private readonly List<StoryDay> _days = [];
    private readonly List<double> _latencies = [];
    private WindowRecord? _lastWindow;
    private IReadOnlyList<RetrainEntry> _retrainEntries = [];
    private int _revision;
    private int _nextLabel;

    /// <summary>An application as the simulation sends it: its time, its CSV row without the label, and the label.</summary>
    public sealed record Application(DateTimeOffset At, string Row, int Label);

    /// <summary>What the server answered for an application.</summary>
    private sealed record Scored(string PredictionId, string Version, double Probability, int Label, DateTimeOffset At);

    /// <summary>The days simulated so far, with their figures.</summary>
    public IReadOnlyList<StoryDay> Days => _days;

    /// <summary>Every request's latency (arrival of the request at the client to the end of its answer), in milliseconds.</summary>
    public IReadOnlyList<double> Latencies => _latencies;

    /// <summary>
    /// Plays <paramref name="applications"/> (sorted by time, from <paramref name="start"/>) through the deployment until
    /// they run out, or <paramref name="after"/> days after a released candidate was promoted or rolled back.
    /// </summary>
    /// <returns>The retrain that ended, if any.</returns>
    public async Task<RetrainEntry?> RunAsync(
        IReadOnlyList<Application> applications, string header, DateTimeOffset start, int after, CancellationToken ct)
    {
        _revision = (await _catalog.GetAsync(deployment, ct))?.Current.Number ?? 0;
        var next = 0;
        var hour = start;
        var today = new DayCounter(start);
        DayCounter? closing = null;
        RetrainEntry? ended = null;
        while (next < applications.Count)
        {
            var end = hour.AddHours(1);
            var batch = new List<Application>();
            while (next < applications.Count && applications[next].At < end)
            {
                batch.Add(applications[next++]);
            }
            var answered = await ScoreAsync(header, batch, ct);
            today.Add(answered);
            await PostLabelsAsync(hour, ct);
            clock.AdvanceTo(end);
            // Let the server's timers (drain, alert rules, canary judge, retraining tick) run before looking.
            await Task.Delay(2, ct);
            await WatchAsync(ct);
            await WaitWhileTrainingAsync(ct);
            if (end.TimeOfDay == TimeSpan.Zero)
            {
                closing = today;
                today = new DayCounter(end);
            }
            // A day is told once its drift window is seen: the monitor closes it on its first drain after midnight, and
            // the clock waits for that (two seconds at most) so that simulated time does not outrun the server.
            if (closing is not null && end > closing.End)
            {
                await AwaitWindowAsync(closing.End, ct);
                _days.Add(closing.Close(_scored, _lastWindow));
                narrate(StoryEvent.Day(_days[^1]));
                closing = null;
                ended ??= EndedRetrain();
                if (ended is not null && end >= ended.UpdatedAt.AddDays(after))
                {
                    break;
                }
            }
            hour = end;
        }
        return ended ?? EndedRetrain();
    }

    private async Task<List<(double Latency, Scored Scored)>> ScoreAsync(string header, List<Application> batch, CancellationToken ct)
    {
        var answered = new (double, Scored)[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var application = batch[i];
                using var content = new StringContent(header + "\n" + application.Row + "\n", Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                var started = TimeProvider.System.GetTimestamp();
                using var response = await client.PostAsync($"/invocations/{deployment}", content, token);
                var body = await response.Content.ReadAsStringAsync(token);
                var latency = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"the server answered {(int)response.StatusCode} to an application of {application.At:O}: {body}");
                }
                var inference = response.Headers.GetValues(MlflowScoringApi.InferenceIdHeader).First();
                var version = response.Headers.GetValues(MlflowScoringApi.ModelVersionHeader).First();
                using var json = JsonDocument.Parse(body);
                var probability = json.RootElement.GetProperty("predictions")[0].GetProperty("probability_1").GetDouble();
                answered[i] = (latency, new Scored(inference + ":0", version, probability, application.Label, application.At));
            });
        foreach (var (latency, scored) in answered)
        {
            _latencies.Add(latency);
            _scored.Add(scored);
        }
        return [.. answered];
    }

    // Labels become known LabelDelay after their application; they are posted in one batch per hour.
    private async Task PostLabelsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var items = new List<object>();
        while (_nextLabel < _scored.Count && _scored[_nextLabel].At + LabelDelay <= now)
        {
            var scored = _scored[_nextLabel++];
            items.Add(new { prediction_id = scored.PredictionId, label = scored.Label });
        }
        if (items.Count == 0)
        {
            return;
        }
        using var content = new StringContent(JsonSerializer.Serialize(new { feedback = items }), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/feedback", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the server answered {(int)response.StatusCode} to {items.Count} labels: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>Reports new drift windows, alert state changes, retrain steps and deployment revisions.</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        var windows = await _windows.ListAsync(deployment, null, 10, ct);
        foreach (var window in windows.Where(w => w.Role == "primary" && w.End > LastWindowEnd).OrderBy(w => w.End))
        {
            _lastWindow = window;
        }
        await WatchAlertsAsync(ct);
        _retrainEntries = await _journal.ListAsync(deployment, ct);
        foreach (var entry in _retrainEntries)
        {
            var state = (entry.Record.Outcome, entry.Detail);
            if (!_retrains.TryGetValue(entry.Id, out var before) || before != state)
            {
                _retrains[entry.Id] = state;
                narrate(StoryEvent.Retrain(clock.GetUtcNow(), entry));
            }
        }
        var current = (await _catalog.GetAsync(deployment, ct))!.Current;
        if (current.Number != _revision)
        {
            _revision = current.Number;
            narrate(StoryEvent.Revision(clock.GetUtcNow(), current));
        }
    }

    private async Task WatchAlertsAsync(CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/monitoring", ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (json.RootElement.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array)
        {
            foreach (var alert in alerts.EnumerateArray())
            {
                // One rule gives an alert per matching series: after a promotion the old and the new version each have one.
                var name = alert.GetProperty("name").GetString()!;
                if (alert.TryGetProperty("labels", out var labels) && labels.TryGetProperty("model_version", out var version))
                {
                    name += $" (v{version.GetString()})";
                }
                var state = alert.GetProperty("state").GetString()!;
                seen.Add(name);
                if (!_alerts.TryGetValue(name, out var before) || before != state)
                {
                    _alerts[name] = state;
                    narrate(StoryEvent.Alert(clock.GetUtcNow(), name, state, alert.GetProperty("value").GetDouble()));
                }
            }
        }
        foreach (var name in _alerts.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            if (_alerts[name] == "firing")
            {
                narrate(StoryEvent.Alert(clock.GetUtcNow(), name, "resolved", double.NaN));
            }
            _alerts.Remove(name);
        }
    }

    private async Task AwaitWindowAsync(DateTimeOffset end, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (LastWindowEnd < end && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(10, ct);
            await WatchAsync(ct);
        }
    }

    // A retrain that is training holds the clock until its candidate is registered or it fails — for ten minutes of
    // real time at most: a tick that died mid-training is only recorded as interrupted by a later tick, which needs
    // the clock to move.
    private async Task WaitWhileTrainingAsync(CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var waited = false;
        while (_retrainEntries.LastOrDefault() is { Record.Outcome: RetrainOutcome.Running, Candidate: null }
            && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMinutes(10))
        {
            waited = true;
            await Task.Delay(50, ct);
            _retrainEntries = await _journal.ListAsync(deployment, ct);
        }
        if (waited)
        {
            narrate(StoryEvent.Trained(clock.GetUtcNow(), TimeProvider.System.GetElapsedTime(started)));
            await WatchAsync(ct);
        }
    }

    // A retrain whose candidate reached traffic and was promoted or rolled back; a rejected or failed one does not end the story.
    private RetrainEntry? EndedRetrain() =>
        _retrainEntries.LastOrDefault(e => e.Record.Outcome is RetrainOutcome.Promoted or RetrainOutcome.RolledBack);

    private DateTimeOffset LastWindowEnd => _lastWindow?.End ?? DateTimeOffset.MinValue;

    /// <summary>
    /// The realized AUC of each model version on the labels that arrived in the week before <paramref name="now"/>,
    /// for versions with at least 200 of them.
    /// </summary>
    private static IReadOnlyDictionary<string, double> RealizedAuc(List<Scored> scored, DateTimeOffset now)
    {
        var known = scored.Where(s => s.At + LabelDelay <= now && s.At + LabelDelay > now - TimeSpan.FromDays(7));
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in known.GroupBy(s => s.Version))
        {
            var rows = group.ToList();
            if (rows.Count >= 200 && rows.Any(r => r.Label == 1) && rows.Any(r => r.Label == 0))
            {
                result[group.Key] = ClassificationMetrics.RocAuc([.. rows.Select(r => r.Label)], [.. rows.Select(r => r.Probability)]);
            }
        }
        return result;
    }

    /// <summary>Counts one simulated day's requests and latencies.</summary>
    private sealed class DayCounter(DateTimeOffset start)
    {
        private readonly List<double> _latencies = [];

        public DateTimeOffset End { get; } = start.AddDays(1);

        public void Add(List<(double Latency, Scored Scored)> answered) => _latencies.AddRange(answered.Select(a => a.Latency));

        public StoryDay Close(List<Scored> scored, WindowRecord? window)
        {
            var sorted = _latencies.Order().ToArray();
            return new StoryDay(
                start, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.99),
                window is { } w && w.End == End ? w : null, RealizedAuc(scored, End));
        }
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values (nearest rank), NaN for none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>A simulated day's figures.</summary>
/// <param name="Start">Its first instant.</param>
/// <param name="Requests">Applications scored.</param>
/// <param name="P50">Median latency, ms.</param>
/// <param name="P99">99th percentile latency, ms.</param>
/// <param name="Window">The drift window that closed at its end, if one did.</param>
/// <param name="Auc">Realized AUC per model version on the labels of the last week.</param>
internal sealed record StoryDay(DateTimeOffset Start, int Requests, double P50, double P99, WindowRecord? Window, IReadOnlyDictionary<string, double> Auc);

/// <summary>Something the quickstart tells: a day's figures, an alert, a retrain's step, a new revision.</summary>
internal sealed record StoryEvent(string Kind, DateTimeOffset At, string Text, StoryDay? Figures = null)
{
    public static StoryEvent Day(StoryDay day) => new("day", day.Start, "", day);

    public static StoryEvent Alert(DateTimeOffset at, string name, string state, double value) =>
        new("alert", at, double.IsNaN(value) ? $"alert {name} {state}" : $"alert {name} {state} (value {value.ToString("0.###", CultureInfo.InvariantCulture)})");

    public static StoryEvent Retrain(DateTimeOffset at, RetrainEntry entry) =>
        new("retrain", at, $"retrain {entry.Id} ({entry.Record.Cause}): {RetrainingJournal.Name(entry.Record.Outcome).Replace('_', ' ')}" + (entry.Detail is { } d ? $" — {d}" : ""));

    public static StoryEvent Trained(DateTimeOffset at, TimeSpan took) =>
        new("trained", at, $"candidate trained in {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of real time (the simulated clock waited)");

    public static StoryEvent Revision(DateTimeOffset at, DeploymentRevision revision) =>
        new("revision", at, $"deployment revision {revision.Number} ({revision.Change}): {revision.Reason}");
}
