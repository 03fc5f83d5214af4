using System.Data.Common;
using System.Globalization;
using Keel.Storage;

namespace Keel.Registry;

/// <summary>
/// Experiment tracking in the metadata store: runs with their parameters, metrics (with per-iteration history),
/// step states, inputs, artifacts and logs, and the cache of step outputs shared by all runs.
/// </summary>
/// <remarks>
/// Every write is one transaction, so a run interrupted at any point (Ctrl-C, a crash, <c>kill -9</c>) leaves
/// consistent records: each step is pending, running, succeeded (with its outputs) or failed. Thread-safe: each call
/// uses its own connection.
/// </remarks>
public sealed class RunCatalog
{
    /// <summary>The <c>audit_log.action</c> written when a run starts.</summary>
    public const string StartAction = "run.start";

    private const string RunColumns = "id, pipeline, status, trigger_kind, trigger_detail, spec_path, spec_json, owner, started_at, ended_at, error";
    private const string StepColumns = "name, status, attempts, cache_key, cached, started_at, ended_at, error, outputs_json";

    private readonly MetadataStore _store;
    private readonly string _actor;

    /// <summary>Creates a catalog over <paramref name="store"/> (not owned); <paramref name="actor"/> defaults to the OS user.</summary>
    public RunCatalog(MetadataStore store, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _actor = string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor;
    }

    /// <summary>This process as a run owner: <c>host:pid</c>.</summary>
    public static string CurrentOwner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Starts a run of <paramref name="pipeline"/> owned by this process, with its steps pending.</summary>
    public Task<RunRecord> StartAsync(
        string pipeline, RunTrigger trigger, string? specPath, string? specJson, IReadOnlyList<string> steps,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(steps);
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            long id;
            using (var insert = MetadataStore.Command(connection, transaction, """
                INSERT INTO runs (pipeline, status, trigger_kind, trigger_detail, spec_path, spec_json, owner, started_at)
                VALUES (@pipeline, 'running', @kind, @detail, @path, @spec, @owner, @now) RETURNING id
                """))
            {
                id = await insert.Bind("@pipeline", pipeline).Bind("@kind", trigger.Kind).Bind("@detail", trigger.Detail)
                    .Bind("@path", specPath).Bind("@spec", specJson).Bind("@owner", CurrentOwner).Bind("@now", now)
                    .ScalarInt64Async(cancellationToken).ConfigureAwait(false);
            }
            foreach (var step in steps)
            {
                using var insertStep = MetadataStore.Command(connection, transaction,
                    "INSERT INTO run_steps (run_id, name, status) VALUES (@run, @name, 'pending')");
                await insertStep.Bind("@run", id).Bind("@name", step).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await AuditLog.AppendAsync(connection, transaction, now, _actor, StartAction, $"run:{id}",
                System.Text.Json.JsonSerializer.Serialize(new { pipeline, trigger = trigger.ToString() }), cancellationToken).ConfigureAwait(false);
            return new RunRecord(id, pipeline, RunStatus.Running, trigger, specPath, specJson, CurrentOwner, StoreTime.Parse(now), null, null);
        }, cancellationToken);
    }

    /// <summary>
    /// Takes over run <paramref name="runId"/> to continue it: its status goes back to running under this process, its
    /// steps that did not succeed go back to pending. Returns the run as it is now.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run does not exist, already succeeded, or another live process on this host owns it.</exception>
    public Task<RunRecord> ResumeAsync(long runId, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            var run = await ReadRunAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"run {runId} does not exist");
            if (run.Status == RunStatus.Succeeded)
            {
                throw new InvalidOperationException($"run {runId} already succeeded; start a new run instead (unchanged steps come from the cache)");
            }
            if (run.Status == RunStatus.Running && run.Owner is { } owner && owner != CurrentOwner && IsAlive(owner))
            {
                throw new InvalidOperationException($"run {runId} is still running in process {owner}");
            }
            using (var update = MetadataStore.Command(connection, transaction,
                "UPDATE runs SET status = 'running', owner = @owner, ended_at = NULL, error = NULL WHERE id = @id"))
            {
                await update.Bind("@owner", CurrentOwner).Bind("@id", runId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using (var steps = MetadataStore.Command(connection, transaction,
                "UPDATE run_steps SET status = 'pending', error = NULL WHERE run_id = @id AND status <> 'succeeded'"))
            {
                await steps.Bind("@id", runId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await AppendLogAsync(connection, transaction, runId, null, now, "info", $"resumed by {CurrentOwner}", cancellationToken).ConfigureAwait(false);
            return run with { Status = RunStatus.Running, Owner = CurrentOwner, EndedAt = null, Error = null };
        }, cancellationToken);

    /// <summary>Ends a run with <paramref name="status"/> (not <see cref="RunStatus.Running"/>) and an optional error.</summary>
    public Task FinishAsync(long runId, RunStatus status, string? error, CancellationToken cancellationToken = default)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentException("a run finishes as succeeded, failed or interrupted", nameof(status));
        }
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var update = MetadataStore.Command(connection, transaction,
                "UPDATE runs SET status = @status, ended_at = @now, error = @error, owner = NULL WHERE id = @id");
            return await update.Bind("@status", Text(status)).Bind("@now", now).Bind("@error", error).Bind("@id", runId)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Marks step <paramref name="step"/> running and counts the attempt.</summary>
    public Task StepStartedAsync(long runId, string step, string? cacheKey, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var update = MetadataStore.Command(connection, transaction, """
                UPDATE run_steps SET status = 'running', attempts = attempts + 1, cache_key = @key,
                    started_at = COALESCE(started_at, @now), ended_at = NULL
                WHERE run_id = @run AND name = @name
                """);
            return await update.Bind("@key", cacheKey).Bind("@now", now).Bind("@run", runId).Bind("@name", step)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Records the end of step <paramref name="step"/>: succeeded with its outputs (and, unless they came from the
    /// cache, stores them in the cache under <paramref name="cacheKey"/>), or failed / skipped with an error.
    /// </summary>
    public Task StepEndedAsync(
        long runId, string step, StepStatus status, string? cacheKey, bool cached, string? outputsJson, string? error,
        CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            using (var update = MetadataStore.Command(connection, transaction, """
                UPDATE run_steps SET status = @status, cache_key = @key, cached = @cached, outputs_json = @outputs, error = @error,
                    started_at = COALESCE(started_at, @now), ended_at = @now
                WHERE run_id = @run AND name = @name
                """))
            {
                await update.Bind("@status", Text(status)).Bind("@key", cacheKey).Bind("@cached", cached ? 1 : 0)
                    .Bind("@outputs", outputsJson).Bind("@error", error).Bind("@now", now).Bind("@run", runId).Bind("@name", step)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            if (status == StepStatus.Succeeded && !cached && cacheKey is not null && outputsJson is not null)
            {
                using var cache = MetadataStore.Command(connection, transaction, """
                    INSERT INTO step_cache (cache_key, step, outputs_json, run_id, created_at) VALUES (@key, @step, @outputs, @run, @now)
                    ON CONFLICT (cache_key) DO UPDATE SET outputs_json = excluded.outputs_json, run_id = excluded.run_id, created_at = excluded.created_at
                    """);
                await cache.Bind("@key", cacheKey).Bind("@step", step).Bind("@outputs", outputsJson).Bind("@run", runId).Bind("@now", now)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return 0;
        }, cancellationToken);

    /// <summary>The outputs cached under <paramref name="cacheKey"/> and the run that produced them, or null.</summary>
    public Task<(string OutputsJson, long RunId)?> FindCachedAsync(string cacheKey, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<(string, long)?>(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, "SELECT outputs_json, run_id FROM step_cache WHERE cache_key = @key");
            var rows = await command.Bind("@key", cacheKey).ListAsync(r => (r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    /// <summary>Sets parameters (a name already set is overwritten).</summary>
    public Task LogParametersAsync(long runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, _) =>
        {
            foreach (var (name, value) in parameters)
            {
                using var upsert = MetadataStore.Command(connection, transaction, """
                    INSERT INTO run_params (run_id, name, value) VALUES (@run, @name, @value)
                    ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value
                    """);
                await upsert.Bind("@run", runId).Bind("@name", name).Bind("@value", value).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Logs metric values at <paramref name="step"/> (0 for a single value; 1, 2, … for per-iteration curves). A run's
    /// metric is its value at the highest step. NaN is stored as NULL.
    /// </summary>
    public Task LogMetricsAsync(long runId, IReadOnlyDictionary<string, double> metrics, long step = 0, CancellationToken cancellationToken = default) =>
        LogMetricPointsAsync(runId, metrics.Select(m => (m.Key, step, m.Value)).ToArray(), cancellationToken);

    /// <summary>Logs many (name, step, value) points in one transaction (e.g. a training curve).</summary>
    public Task LogMetricPointsAsync(long runId, IReadOnlyList<(string Name, long Step, double Value)> points, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            foreach (var (name, step, value) in points)
            {
                using var upsert = MetadataStore.Command(connection, transaction, """
                    INSERT INTO run_metrics (run_id, name, step, value, at) VALUES (@run, @name, @step, @value, @now)
                    ON CONFLICT (run_id, name, step) DO UPDATE SET value = excluded.value, at = excluded.at
                    """);
                await upsert.Bind("@run", runId).Bind("@name", name).Bind("@step", step)
                    .Bind("@value", double.IsFinite(value) ? value : null).Bind("@now", now)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return 0;
        }, cancellationToken);

    /// <summary>Records an artifact of the run (already in the artifact store).</summary>
    public Task AddArtifactAsync(long runId, string name, ArtifactId contentId, long bytes, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, _) =>
        {
            using var upsert = MetadataStore.Command(connection, transaction, """
                INSERT INTO run_artifacts (run_id, name, content_id, byte_size) VALUES (@run, @name, @content, @bytes)
                ON CONFLICT (run_id, name) DO UPDATE SET content_id = excluded.content_id, byte_size = excluded.byte_size
                """);
            return await upsert.Bind("@run", runId).Bind("@name", name).Bind("@content", contentId.Value).Bind("@bytes", bytes)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Records an input of the run (lineage): <paramref name="kind"/> is <c>dataset</c> or <c>file</c>.</summary>
    public Task AddInputAsync(long runId, string kind, string reference, string? contentId, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, _) =>
        {
            using var upsert = MetadataStore.Command(connection, transaction, """
                INSERT INTO run_inputs (run_id, kind, reference, content_id) VALUES (@run, @kind, @reference, @content)
                ON CONFLICT (run_id, kind, reference) DO UPDATE SET content_id = excluded.content_id
                """);
            return await upsert.Bind("@run", runId).Bind("@kind", kind).Bind("@reference", reference).Bind("@content", contentId)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Appends a line to the run's log.</summary>
    public Task LogAsync(long runId, string? step, string level, string message, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            await AppendLogAsync(connection, transaction, runId, step, now, level, message, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>Run <paramref name="runId"/>, or null.</summary>
    public Task<RunRecord?> GetAsync(long runId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(connection => ReadRunAsync(connection, null, runId, cancellationToken), cancellationToken);

    /// <summary>The newest runs first, optionally of one pipeline.</summary>
    public Task<List<RunRecord>> ListAsync(string? pipeline = null, int limit = 50, CancellationToken cancellationToken = default) =>
        ListAsync(pipeline, null, limit, cancellationToken);

    /// <summary>The newest <paramref name="limit"/> runs first, optionally only of one pipeline and/or in one status.</summary>
    public Task<List<RunRecord>> ListAsync(string? pipeline, RunStatus? status, int limit, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"""
                SELECT {RunColumns} FROM runs
                WHERE (@pipeline IS NULL OR pipeline = @pipeline) AND (@status IS NULL OR status = @status)
                ORDER BY id DESC LIMIT @limit
                """);
            return await command.Bind("@pipeline", pipeline).Bind("@status", status is { } s ? Text(s) : null).Bind("@limit", limit)
                .ListAsync(ReadRun, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The run's steps in the order they were declared.</summary>
    public Task<List<StepRecord>> GetStepsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {StepColumns} FROM run_steps WHERE run_id = @run ORDER BY rowid", runId, r => new StepRecord(
            r.GetString(0), Enum.Parse<StepStatus>(r.GetString(1), ignoreCase: true), r.GetInt32(2), r.GetStringOrNull(3), r.GetInt32(4) != 0,
            r.GetTimeOrNull(5), r.GetTimeOrNull(6), r.GetStringOrNull(7), r.GetStringOrNull(8)), cancellationToken);

    /// <summary>The run's parameters by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetParametersAsync(long runId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT name, value FROM run_params WHERE run_id = @run ORDER BY name", runId,
            r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Each metric's value at its highest step (NaN where it was logged as NaN).</summary>
    public async Task<IReadOnlyDictionary<string, double>> GetMetricsAsync(long runId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("""
            SELECT m.name, m.value FROM run_metrics m
            JOIN (SELECT name, MAX(step) AS step FROM run_metrics WHERE run_id = @run GROUP BY name) last
              ON last.name = m.name AND last.step = m.step
            WHERE m.run_id = @run ORDER BY m.name
            """, runId, r => (r.GetString(0), r.IsDBNull(1) ? double.NaN : r.GetDouble(1)), cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Every point of every metric, by name then step.</summary>
    public Task<List<MetricPoint>> GetMetricHistoryAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT name, step, value, at FROM run_metrics WHERE run_id = @run ORDER BY name, step", runId,
            r => new MetricPoint(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2), r.GetTime(3)), cancellationToken);

    /// <summary>The run's artifacts by name.</summary>
    public Task<List<RunArtifact>> GetArtifactsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT name, content_id, byte_size FROM run_artifacts WHERE run_id = @run ORDER BY name", runId,
            r => new RunArtifact(r.GetString(0), ArtifactId.Parse(r.GetString(1)), r.GetInt64(2)), cancellationToken);

    /// <summary>The run's inputs (lineage).</summary>
    public Task<List<RunInput>> GetInputsAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT kind, reference, content_id FROM run_inputs WHERE run_id = @run ORDER BY kind, reference", runId,
            r => new RunInput(r.GetString(0), r.GetString(1), r.GetStringOrNull(2)), cancellationToken);

    /// <summary>The run's log, oldest first.</summary>
    public Task<List<RunLogEntry>> GetLogAsync(long runId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT step, at, level, message FROM run_logs WHERE run_id = @run ORDER BY id", runId,
            r => new RunLogEntry(r.GetStringOrNull(0), r.GetTime(1), r.GetString(2), r.GetString(3)), cancellationToken);

    /// <summary>Whether <c>host:pid</c> names a live process; a process on another host is assumed alive.</summary>
    internal static bool IsAlive(string owner)
    {
        var colon = owner.LastIndexOf(':');
        if (colon < 0 || owner[..colon] != Environment.MachineName
            || !int.TryParse(owner[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return true;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Text<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private Task<List<T>> QueryAsync<T>(string sql, long runId, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, sql);
            return await command.Bind("@run", runId).ListAsync(map, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<RunRecord?> ReadRunAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, long runId, CancellationToken cancellationToken)
    {
        using var command = MetadataStore.Command(connection, transaction, $"SELECT {RunColumns} FROM runs WHERE id = @id");
        return await command.Bind("@id", runId).FirstOrDefaultAsync(ReadRun, cancellationToken).ConfigureAwait(false);
    }

    private static RunRecord ReadRun(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), Enum.Parse<RunStatus>(r.GetString(2), ignoreCase: true),
        new RunTrigger(r.GetString(3), r.GetStringOrNull(4)), r.GetStringOrNull(5), r.GetStringOrNull(6), r.GetStringOrNull(7),
        r.GetTime(8), r.GetTimeOrNull(9), r.GetStringOrNull(10));

    private static async Task AppendLogAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        long runId, string? step, string now, string level, string message, CancellationToken cancellationToken)
    {
        using var insert = MetadataStore.Command(connection, transaction,
            "INSERT INTO run_logs (run_id, step, at, level, message) VALUES (@run, @step, @now, @level, @message)");
        await insert.Bind("@run", runId).Bind("@step", step).Bind("@now", now).Bind("@level", level).Bind("@message", message)
            .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
