using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Pipelines.Steps;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Pipelines;

/// <summary>
/// Runs pipelines as a DAG of steps (load → validate ∥ split → train → evaluate ∥ report → register): a step starts as
/// soon as the steps it depends on have succeeded, so independent steps run in parallel; a failed step skips the
/// steps after it and lets the others finish.
/// </summary>
/// <remarks>
/// <para><b>Cache.</b> A cacheable step's key is the SHA-256 of its name, the engine's build (module version id, so a
/// new build never reuses an old one's outputs), the part of the spec it reads, its inputs' outputs (artifact ids
/// are content hashes) and any outside state it depends on (which version an alias points at). A key seen before,
/// whose artifacts are all still in the store, reuses that run's outputs and says so.</para>
/// <para><b>Retries and timeouts.</b> Each attempt may run for the step's <see cref="StepPolicy.Timeout"/>; a failure
/// other than a <see cref="PipelineStepException"/> (which retrying cannot fix) is retried after
/// <see cref="StepPolicy.RetryBackoff"/>, doubling each time, up to <see cref="StepPolicy.Retries"/> times. Waits use
/// the store's <see cref="TimeProvider"/>. A timed-out attempt that ignores cancellation is abandoned, not awaited.</para>
/// <para><b>Interruption.</b> Every state change is one transaction, so Ctrl-C, a crash or <c>kill -9</c> leaves each
/// step pending, running, succeeded (with outputs) or failed; <see cref="ResumeAsync"/> continues from the succeeded
/// steps with the pipeline text recorded when the run started.</para>
/// </remarks>
public sealed class PipelineRunner
{
    private static readonly string CodeVersion = typeof(PipelineRunner).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly PipelineServices _services;
    private readonly IProgress<PipelineEvent>? _progress;

    /// <summary>Creates a runner over the workspace's stores; <paramref name="progress"/> receives step events (from several threads).</summary>
    public PipelineRunner(PipelineServices services, IProgress<PipelineEvent>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _progress = progress;
    }

    /// <summary>The steps <paramref name="spec"/> runs, in declaration order.</summary>
    public static IReadOnlyList<string> StepsOf(PipelineSpec spec) => Steps(spec).Select(s => s.Name).ToArray();

    /// <summary>Starts a new run of <paramref name="spec"/> and runs it to the end (or until cancelled).</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="trigger">What started it (recorded).</param>
    /// <param name="specPath">The pipeline file, recorded so <c>keel runs resume</c> can find its relative paths.</param>
    /// <param name="cancellationToken">Cancelling interrupts the run: it ends as <see cref="RunStatus.Interrupted"/>.</param>
    public Task<PipelineRunResult> RunAsync(PipelineSpec spec, RunTrigger trigger, string? specPath, CancellationToken cancellationToken = default) =>
        RunAsync(spec, trigger, specPath, [], cancellationToken);

    /// <summary>
    /// Starts a new run of <paramref name="spec"/> that trains on its source and <paramref name="extra"/> files, and runs
    /// it to the end (or until cancelled).
    /// </summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="trigger">What started it (recorded).</param>
    /// <param name="specPath">The pipeline file, recorded so <c>keel runs resume</c> can find its relative paths.</param>
    /// <param name="extra">
    /// Files read after the source's own, in order (see <see cref="ExtraSource"/>). The load step stores them with the
    /// source, so a resume after it keeps them; a resume that must run the load step again reads the source alone.
    /// </param>
    /// <param name="cancellationToken">Cancelling interrupts the run: it ends as <see cref="RunStatus.Interrupted"/>.</param>
    public async Task<PipelineRunResult> RunAsync(
        PipelineSpec spec, RunTrigger trigger, string? specPath, IReadOnlyList<ExtraSource> extra, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(extra);
        var steps = Steps(spec);
        var recorded = JsonSerializer.Serialize(new RecordedSpec(specPath is null ? null : Path.GetFullPath(specPath), spec.BaseDirectory, spec.SourceName, spec.Text));
        var run = await _services.Runs.StartAsync(spec.Name, trigger, specPath, recorded, steps.Select(s => s.Name).ToArray(), cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(spec, run, steps, new Dictionary<string, JsonObject>(), extra, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Continues run <paramref name="runId"/> (interrupted, failed, or left running by a dead process): steps that
    /// succeeded keep their outputs, the others run again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run does not exist, succeeded already, or a live process owns it.</exception>
    /// <exception cref="PipelineSpecException">The recorded pipeline no longer parses (e.g. a checks file it names has changed or gone).</exception>
    public async Task<PipelineRunResult> ResumeAsync(long runId, CancellationToken cancellationToken = default)
    {
        var before = await _services.Runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {runId} does not exist");
        var recorded = before.SpecJson is null ? null : JsonSerializer.Deserialize<RecordedSpec>(before.SpecJson)
            ?? throw new InvalidOperationException($"run {runId} has no recorded pipeline to resume");
        var spec = PipelineFile.Parse(recorded!.Text, recorded.SourceName, recorded.BaseDirectory);
        var run = await _services.Runs.ResumeAsync(runId, cancellationToken).ConfigureAwait(false);
        var done = (await _services.Runs.GetStepsAsync(runId, cancellationToken).ConfigureAwait(false))
            .Where(s => s.Status == StepStatus.Succeeded && s.OutputsJson is not null)
            .ToDictionary(s => s.Name, s => JsonNode.Parse(s.OutputsJson!)!.AsObject(), StringComparer.Ordinal);
        return await ExecuteAsync(spec, run, Steps(spec), done, [], cancellationToken).ConfigureAwait(false);
    }

    private static List<PipelineStep> Steps(PipelineSpec spec)
    {
        var steps = new List<PipelineStep> { new LoadStep() };
        if (spec.Checks is not null)
        {
            steps.Add(new ValidateStep());
        }
        steps.Add(new SplitStep());
        steps.Add(new TrainStep(afterValidation: spec.Checks is not null));
        steps.Add(new EvaluateStep());
        if (spec.Evaluate.Report)
        {
            steps.Add(new ReportStep());
        }
        if (spec.Register is not null)
        {
            steps.Add(new RegisterStep());
        }
        return steps;
    }

    private async Task<PipelineRunResult> ExecuteAsync(
        PipelineSpec spec, RunRecord run, IReadOnlyList<PipelineStep> steps, IReadOnlyDictionary<string, JsonObject> done,
        IReadOnlyList<ExtraSource> extra, CancellationToken cancellationToken)
    {
        var context = new RunContext(spec, run.Id, _services, extra);
        var state = new Dictionary<string, StepStatus>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (done.TryGetValue(step.Name, out var outputs))
            {
                context.Outputs[step.Name] = outputs;
                state[step.Name] = StepStatus.Succeeded;
                _progress?.Report(new PipelineEvent(run.Id, step.Name, StepEventKind.Resumed, 0, null, "outputs kept from before the interruption"));
            }
            else
            {
                state[step.Name] = StepStatus.Pending;
            }
        }
        var running = new Dictionary<Task<StepStatus>, PipelineStep>();
        string? firstError = null;
        while (true)
        {
            foreach (var step in steps.Where(s => state[s.Name] == StepStatus.Pending))
            {
                if (step.DependsOn.Any(d => state[d] is StepStatus.Failed or StepStatus.Skipped))
                {
                    state[step.Name] = StepStatus.Skipped;
                    var blocker = step.DependsOn.First(d => state[d] is StepStatus.Failed or StepStatus.Skipped);
                    await _services.Runs.StepEndedAsync(run.Id, step.Name, StepStatus.Skipped, null, false, null, $"not run: '{blocker}' did not succeed", CancellationToken.None).ConfigureAwait(false);
                    _progress?.Report(new PipelineEvent(run.Id, step.Name, StepEventKind.Skipped, 0, null, $"'{blocker}' did not succeed"));
                }
                else if (step.DependsOn.All(d => state[d] == StepStatus.Succeeded) && !cancellationToken.IsCancellationRequested)
                {
                    state[step.Name] = StepStatus.Running;
                    running[RunStepAsync(context, step, cancellationToken)] = step;
                }
            }
            if (running.Count == 0)
            {
                break;
            }
            var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var which = running[finished];
            running.Remove(finished);
            state[which.Name] = await finished.ConfigureAwait(false);
            if (state[which.Name] == StepStatus.Failed && firstError is null)
            {
                firstError = (await _services.Runs.GetStepsAsync(run.Id, CancellationToken.None).ConfigureAwait(false))
                    .First(s => s.Name == which.Name).Error is { } e ? $"{which.Name}: {e}" : which.Name;
            }
        }
        var interrupted = cancellationToken.IsCancellationRequested && state.Values.Any(s => s != StepStatus.Succeeded);
        var status = interrupted ? RunStatus.Interrupted
            : state.Values.All(s => s == StepStatus.Succeeded) ? RunStatus.Succeeded
            : RunStatus.Failed;
        await _services.Runs.FinishAsync(run.Id, status, interrupted ? "interrupted" : firstError, CancellationToken.None).ConfigureAwait(false);
        var final = (await _services.Runs.GetAsync(run.Id, CancellationToken.None).ConfigureAwait(false))!;
        var records = await _services.Runs.GetStepsAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
        ModelVersionRecord? registered = null;
        var moved = false;
        if (context.Outputs.TryGetValue("register", out var reg) && spec.Register is not null)
        {
            registered = await _services.Registry.ResolveAsync(new ModelReference(spec.Register.Model, reg["version"]!.Deserialize<int>(), null), CancellationToken.None).ConfigureAwait(false);
            moved = reg["moved"]?.GetValue<bool>() == true;
        }
        return new PipelineRunResult(final, records, registered, moved);
    }

    /// <summary>Runs one step to its end (cache, attempts, retries); never throws, returns its final state.</summary>
    private async Task<StepStatus> RunStepAsync(RunContext context, PipelineStep step, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var runs = _services.Runs;
        var runId = context.RunId;
        string? key = null;
        try
        {
            if (step.Cacheable)
            {
                key = await CacheKeyAsync(context, step, cancellationToken).ConfigureAwait(false);
                if (await runs.FindCachedAsync(key, cancellationToken).ConfigureAwait(false) is { } hit && ArtifactsExist(hit.OutputsJson))
                {
                    var outputs = JsonNode.Parse(hit.OutputsJson)!.AsObject();
                    await RecordAsync(runId, outputs, cancellationToken).ConfigureAwait(false);
                    await runs.StepEndedAsync(runId, step.Name, StepStatus.Succeeded, key, cached: true, hit.OutputsJson, null, cancellationToken).ConfigureAwait(false);
                    await runs.LogAsync(runId, step.Name, "info", $"outputs reused from run {hit.RunId} (nothing it depends on changed)", cancellationToken).ConfigureAwait(false);
                    context.Outputs[step.Name] = outputs;
                    _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Cached, 0, null, $"from run {hit.RunId}"));
                    return StepStatus.Succeeded;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await InterruptedAsync(runId, step, key).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Working out the key or reading the cache failed (a gate naming an alias without a register section, a
            // store error): the step fails, the run goes on and finishes with a recorded state.
            return await FailedAsync(runId, step, key, 1, ex is PipelineStepException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}", null).ConfigureAwait(false);
        }

        var policy = context.Spec.PolicyOf(step.Name);
        var time = _services.Store.TimeProvider;
        for (var attempt = 1; ; attempt++)
        {
            var started = time.GetTimestamp();
            string error;
            var retryable = true;
            try
            {
                await runs.StepStartedAsync(runId, step.Name, key, cancellationToken).ConfigureAwait(false);
                _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Started, attempt, null, null));
                var outputs = await AttemptAsync(context, step, policy, cancellationToken).ConfigureAwait(false);
                var json = outputs.ToJsonString();
                await RecordAsync(runId, outputs, cancellationToken).ConfigureAwait(false);
                await runs.StepEndedAsync(runId, step.Name, StepStatus.Succeeded, key, cached: false, json, null, CancellationToken.None).ConfigureAwait(false);
                context.Outputs[step.Name] = outputs;
                _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Succeeded, attempt, time.GetElapsedTime(started), null));
                return StepStatus.Succeeded;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await InterruptedAsync(runId, step, key).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                error = ex.Message;
            }
            catch (PipelineStepException ex)
            {
                error = ex.Message;
                retryable = false;
            }
            catch (Exception ex)
            {
                error = ex is ArgumentException or KeyNotFoundException or Data.DataFormatException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                retryable = ex is not (ArgumentException or KeyNotFoundException or Data.DataFormatException);
            }
            if (!retryable || attempt > policy.Retries)
            {
                return await FailedAsync(runId, step, key, attempt, error, time.GetElapsedTime(started)).ConfigureAwait(false);
            }
            var wait = policy.RetryBackoff * Math.Pow(2, attempt - 1);
            await runs.LogAsync(runId, step.Name, "warning", $"attempt {attempt} failed: {error}; retrying in {wait.TotalSeconds:0.#} s", CancellationToken.None).ConfigureAwait(false);
            _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Retrying, attempt, time.GetElapsedTime(started), error));
            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return await InterruptedAsync(runId, step, key).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt under the step's timeout. An attempt that does not stop when cancelled is abandoned at the deadline.</summary>
    private async Task<JsonObject> AttemptAsync(RunContext context, PipelineStep step, StepPolicy policy, CancellationToken cancellationToken)
    {
        using var deadline = policy.Timeout is { } timeout
            ? new CancellationTokenSource(timeout, _services.Store.TimeProvider)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var work = Task.Run(() => step.ExecuteAsync(context, linked.Token), linked.Token);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (linked.Token.Register(() => stop.TrySetResult()))
        {
            if (await Task.WhenAny(work, stop.Task).ConfigureAwait(false) == work || work.IsCompleted)
            {
                try
                {
                    return await work.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"timed out after {policy.Timeout!.Value.TotalSeconds:0.#} s");
                }
            }
        }
        _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"timed out after {policy.Timeout!.Value.TotalSeconds:0.#} s");
    }

    private async Task<StepStatus> InterruptedAsync(long runId, PipelineStep step, string? key)
    {
        await _services.Runs.StepEndedAsync(runId, step.Name, StepStatus.Failed, key, false, null, "interrupted", CancellationToken.None).ConfigureAwait(false);
        _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Failed, 0, null, "interrupted"));
        return StepStatus.Failed;
    }

    private async Task<StepStatus> FailedAsync(long runId, PipelineStep step, string? key, int attempt, string error, TimeSpan? elapsed)
    {
        await _services.Runs.StepEndedAsync(runId, step.Name, StepStatus.Failed, key, false, null, error, CancellationToken.None).ConfigureAwait(false);
        await _services.Runs.LogAsync(runId, step.Name, "error", error, CancellationToken.None).ConfigureAwait(false);
        _progress?.Report(new PipelineEvent(runId, step.Name, StepEventKind.Failed, attempt, elapsed, error));
        return StepStatus.Failed;
    }

    private static async Task<string> CacheKeyAsync(RunContext context, PipelineStep step, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append("step=").Append(step.Name).Append('\n')
            .Append("code=").Append(CodeVersion).Append('\n')
            .Append("config=").Append(step.Configuration(context.Spec)).Append('\n')
            .Append("external=").Append(await step.ExternalStateAsync(context, cancellationToken).ConfigureAwait(false)).Append('\n');
        foreach (var dependency in step.DependsOn.Order(StringComparer.Ordinal))
        {
            text.Append(dependency).Append('=').Append(Identity(context.Outputs[dependency])).Append('\n');
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>What identifies a step's outputs for the steps after it: the outputs without the run-specific bookkeeping fields.</summary>
    private static string Identity(JsonObject outputs)
    {
        var copy = new JsonObject(outputs.Where(o => o.Key is not ("inputs" or "params" or "metrics" or "curves" or "artifacts"))
            .OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => KeyValuePair.Create(o.Key, o.Value?.DeepClone())));
        return copy.ToJsonString();
    }

    private bool ArtifactsExist(string outputsJson)
    {
        foreach (var id in ArtifactIds(JsonNode.Parse(outputsJson)))
        {
            if (!_services.Artifacts.Exists(id))
            {
                return false;
            }
        }
        return true;
    }

    private static IEnumerable<ArtifactId> ArtifactIds(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => ArtifactIds(p.Value)),
        JsonArray a => a.SelectMany(ArtifactIds),
        JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith("sha256:", StringComparison.Ordinal) && ArtifactId.TryParse(s, out var id) => [id],
        _ => [],
    };

    /// <summary>Records the conventional output fields in the run: params, metrics, curves, artifacts, inputs.</summary>
    private async Task RecordAsync(long runId, JsonObject outputs, CancellationToken cancellationToken)
    {
        var runs = _services.Runs;
        if (outputs["params"] is JsonObject parameters)
        {
            await runs.LogParametersAsync(runId, parameters.ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        }
        if (outputs["metrics"] is JsonObject metrics)
        {
            await runs.LogMetricsAsync(runId, metrics.ToDictionary(m => m.Key, m => m.Value!.Deserialize<double>(), StringComparer.Ordinal), 0, cancellationToken).ConfigureAwait(false);
        }
        if (outputs["curves"] is JsonObject curves)
        {
            var points = curves.SelectMany(c => c.Value!.AsArray().Select((v, i) => (c.Key, (long)(i + 1), v!.Deserialize<double>()))).ToArray();
            await runs.LogMetricPointsAsync(runId, points, cancellationToken).ConfigureAwait(false);
        }
        if (outputs["artifacts"] is JsonObject artifacts)
        {
            foreach (var (name, value) in artifacts)
            {
                await runs.AddArtifactAsync(runId, name, ArtifactId.Parse(value!["id"]!.GetValue<string>()), value["bytes"]!.Deserialize<long>(), cancellationToken).ConfigureAwait(false);
            }
        }
        if (outputs["inputs"] is JsonArray inputs)
        {
            foreach (var input in inputs)
            {
                await runs.AddInputAsync(runId, input!["kind"]!.GetValue<string>(), input["reference"]!.GetValue<string>(), input["content_id"]?.GetValue<string>(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What a run records of its pipeline, so that a resume parses the same text with the same relative paths.</summary>
    private sealed record RecordedSpec(string? Path, string BaseDirectory, string SourceName, string Text);
}
