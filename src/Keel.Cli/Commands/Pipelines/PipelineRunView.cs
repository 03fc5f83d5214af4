using System.Globalization;
using System.Text.Json;
using Keel.Pipelines;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>
/// How <c>keel pipeline run</c> and <c>keel runs resume</c> show a run: one line per step event as it happens
/// (started, done, cached, retrying, failed, skipped), then the metrics, the registered version and the outcome; or,
/// with --json, one object at the end. Events arrive from several threads.
/// </summary>
internal sealed class PipelineRunView(Terminal terminal, bool json) : IProgress<PipelineEvent>
{
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Lock _gate = new();

    public void Report(PipelineEvent value)
    {
        if (json)
        {
            return;
        }
        var elapsed = value.Elapsed is { } e ? $" {e.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "";
        var line = value.Kind switch
        {
            StepEventKind.Started => value.Attempt > 1 ? $"[grey]…[/] {value.Step} (attempt {value.Attempt})" : $"[grey]…[/] {value.Step}",
            StepEventKind.Succeeded => $"[green]✓[/] {value.Step}{elapsed}",
            StepEventKind.Cached => $"[blue]↺[/] {value.Step} cached ({Markup.Escape(value.Message ?? "")})",
            StepEventKind.Resumed => $"[blue]↺[/] {value.Step} kept from before the interruption",
            StepEventKind.Retrying => $"[yellow]![/] {value.Step} attempt {value.Attempt} failed: {Markup.Escape(value.Message ?? "")}; retrying",
            StepEventKind.Failed => $"[red]✗[/] {value.Step}{elapsed}: {Markup.Escape(value.Message ?? "")}",
            _ => $"[grey]-[/] {value.Step} skipped ({Markup.Escape(value.Message ?? "")})",
        };
        lock (_gate)
        {
            terminal.Out.MarkupLine($"run {value.RunId.ToString(CultureInfo.InvariantCulture)} {line}");
        }
    }

    /// <summary>Prints the outcome and returns the exit code: 0 succeeded, 1 failed or interrupted.</summary>
    public int Finish(PipelineRunResult outcome)
    {
        var run = outcome.Run;
        var metrics = outcome.Steps.FirstOrDefault(s => s.Name == "evaluate")?.OutputsJson is { } evaluation
            ? JsonSerializer.Deserialize<EvaluationOutputs>(evaluation, ReadOptions)
            : null;
        if (json)
        {
            terminal.WriteJson(new
            {
                run = run.Id,
                pipeline = run.Pipeline,
                status = run.Status.ToString().ToLowerInvariant(),
                error = run.Error,
                duration_s = run.Duration?.TotalSeconds,
                steps = outcome.Steps.Select(s => new { name = s.Name, status = s.Status.ToString().ToLowerInvariant(), cached = s.Cached, attempts = s.Attempts, duration_s = s.Duration?.TotalSeconds, error = s.Error }),
                metrics = metrics?.Metrics,
                gates = metrics?.Gates,
                registered = outcome.Registered is { } r ? new { model = r.Name, version = r.Version, reference = r.Reference.ToString(), alias_moved = outcome.AliasMoved } : null,
            });
        }
        else
        {
            if (metrics?.Metrics is { Count: > 0 } values)
            {
                terminal.Stdout.WriteLine("test metrics: " + string.Join(", ", values.Select(m => $"{m.Key} {m.Value.ToString("0.0000", CultureInfo.InvariantCulture)}")));
            }
            foreach (var gate in metrics?.Gates ?? [])
            {
                terminal.Out.MarkupLine($"gate {(gate.Passed ? "[green]passed[/]" : "[red]failed[/]")}: {Markup.Escape(gate.Gate)} ({Markup.Escape(gate.Detail)})");
            }
            if (outcome.Registered is { } registered)
            {
                terminal.Stdout.WriteLine($"registered {registered.Reference}{(outcome.AliasMoved ? " and moved its alias to it" : "")}");
            }
            var cached = outcome.Steps.Count(s => s.Cached);
            terminal.Stdout.WriteLine(run.Status switch
            {
                RunStatus.Succeeded => $"run {run.Id} succeeded in {run.Duration?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{(cached > 0 ? $" ({cached} step{(cached == 1 ? "" : "s")} from cache)" : "")}",
                RunStatus.Interrupted => $"run {run.Id} interrupted; continue it with: keel runs resume {run.Id}",
                _ => $"run {run.Id} failed: {run.Error}",
            });
        }
        return run.Status == RunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    private sealed record EvaluationOutputs(Dictionary<string, double>? Metrics, List<GateOutput>? Gates);

    private sealed record GateOutput(string Gate, bool Passed, string Detail);
}
