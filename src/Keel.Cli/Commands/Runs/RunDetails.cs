using System.Globalization;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>Everything one run recorded, loaded once and printed as tables (<see cref="Print"/>) or one JSON object (<see cref="ToJson"/>).</summary>
internal sealed class RunDetails
{
    private RunDetails(RunRecord run)
    {
        Run = run;
    }

    public RunRecord Run { get; }

    public List<StepRecord> Steps { get; private init; } = [];

    public IReadOnlyDictionary<string, string> Parameters { get; private init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, double> Metrics { get; private init; } = new Dictionary<string, double>();

    public Dictionary<string, MetricCurve> Curves { get; private init; } = [];

    /// <summary>The artifacts with where each file is: absolute, and relative to the workspace root.</summary>
    public List<(RunArtifact Artifact, string Path, string RelativePath)> Artifacts { get; private init; } = [];

    public List<RunInput> Inputs { get; private init; } = [];

    public List<(ModelVersionRecord Version, string[] Aliases)> Models { get; private init; } = [];

    /// <summary>The log, or null when it was not asked for.</summary>
    public List<RunLogEntry>? Log { get; private init; }

    public static async Task<RunDetails> LoadAsync(RunSession session, RunRecord run, bool withLog, CancellationToken ct)
    {
        var runs = session.Runs;
        var artifacts = await runs.GetArtifactsAsync(run.Id, ct);
        return new RunDetails(run)
        {
            Steps = await runs.GetStepsAsync(run.Id, ct),
            Parameters = await runs.GetParametersAsync(run.Id, ct),
            Metrics = await runs.GetMetricsAsync(run.Id, ct),
            Curves = MetricCurve.From(await runs.GetMetricHistoryAsync(run.Id, ct)),
            Artifacts = artifacts.Select(a =>
            {
                var path = session.Artifacts.GetPath(a.ContentId);
                return (a, path, Path.GetRelativePath(session.Workspace.Root, path));
            }).ToList(),
            Inputs = await runs.GetInputsAsync(run.Id, ct),
            Models = await session.GetRegisteredVersionsAsync(run.Id, ct),
            Log = withLog ? await runs.GetLogAsync(run.Id, ct) : null,
        };
    }

    public object ToJson() => new
    {
        id = Run.Id,
        pipeline = Run.Pipeline,
        status = RunFormat.Name(Run.Status),
        trigger = new { kind = Run.Trigger.Kind, detail = Run.Trigger.Detail },
        spec_path = Run.SpecPath,
        owner = Run.Owner,
        started_at = Run.StartedAt,
        ended_at = Run.EndedAt,
        duration_seconds = RunFormat.Seconds(Run.Duration),
        error = Run.Error,
        steps = Steps.Select(s => new
        {
            name = s.Name,
            status = RunFormat.Name(s.Status),
            attempts = s.Attempts,
            cached = s.Cached,
            cache_key = s.CacheKey,
            started_at = s.StartedAt,
            ended_at = s.EndedAt,
            duration_seconds = RunFormat.Seconds(s.Duration),
            error = s.Error,
        }),
        parameters = Parameters,
        metrics = Metrics,
        curves = Curves.ToDictionary(c => c.Key, c => c.Value.Values, StringComparer.Ordinal),
        artifacts = Artifacts.Select(a => new { name = a.Artifact.Name, content_id = a.Artifact.ContentId.Value, bytes = a.Artifact.Bytes, path = a.Path }),
        lineage = new
        {
            inputs = Inputs.Select(i => new { kind = i.Kind, reference = i.Reference, content_id = i.ContentId }),
            models = Models.Select(m => new { name = m.Version.Name, version = m.Version.Version, reference = m.Version.Reference.ToString(), aliases = m.Aliases }),
        },
        log = Log?.Select(l => new { at = l.At, level = l.Level, step = l.Step, message = l.Message }),
    };

    public void Print(IAnsiConsole console)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[bold]run[/]", Run.Id.ToString(CultureInfo.InvariantCulture));
        header.AddRow("[bold]pipeline[/]", Markup.Escape(Run.Pipeline + (Run.SpecPath is { } spec ? $" ({spec})" : "")));
        header.AddRow("[bold]status[/]", RunFormat.Markup(Run.Status));
        header.AddRow("[bold]trigger[/]", Markup.Escape(Run.Trigger.ToString()));
        if (Run.Owner is { } owner)
        {
            header.AddRow("[bold]owner[/]", Markup.Escape(owner));
        }
        header.AddRow("[bold]started (UTC)[/]", RunFormat.Time(Run.StartedAt));
        header.AddRow("[bold]ended (UTC)[/]", Run.EndedAt is null ? "—" : RunFormat.Time(Run.EndedAt));
        header.AddRow("[bold]duration[/]", RunFormat.Duration(Run.Duration));
        if (Run.Error is { } error)
        {
            header.AddRow("[bold]error[/]", $"[red]{Markup.Escape(error)}[/]");
        }
        console.Write(header);

        if (Steps.Count > 0)
        {
            var steps = new Table().Border(TableBorder.Rounded).Title("steps").AddColumns("step", "status", "attempts", "cached", "duration", "error");
            foreach (var s in Steps)
            {
                steps.AddRow(Markup.Escape(s.Name), RunFormat.Markup(s.Status), s.Attempts.ToString(CultureInfo.InvariantCulture),
                    s.Cached ? "yes" : "", RunFormat.Duration(s.Duration), Markup.Escape(s.Error ?? ""));
            }
            console.Write(steps);
        }
        if (Parameters.Count > 0)
        {
            var parameters = new Table().Border(TableBorder.Rounded).Title("parameters").AddColumns("parameter", "value");
            foreach (var (name, value) in Parameters)
            {
                parameters.AddRow(Markup.Escape(name), Markup.Escape(value));
            }
            console.Write(parameters);
        }
        if (Metrics.Count > 0)
        {
            var metrics = new Table().Border(TableBorder.Rounded).Title("metrics").AddColumns("metric", "value", "curve");
            foreach (var (name, value) in Metrics)
            {
                metrics.AddRow(Markup.Escape(name), RunFormat.Number(value), Curves.TryGetValue(name, out var curve) ? Markup.Escape(curve.Summary()) : "");
            }
            console.Write(metrics);
        }
        if (Artifacts.Count > 0)
        {
            var artifacts = new Table().Border(TableBorder.Rounded).Title("artifacts").AddColumns("artifact", "size", "content id", "file");
            foreach (var (artifact, _, relative) in Artifacts)
            {
                artifacts.AddRow(Markup.Escape(artifact.Name), RunFormat.Bytes(artifact.Bytes),
                    Markup.Escape(Short(artifact.ContentId.Value)), Markup.Escape(relative));
            }
            console.Write(artifacts);
        }
        console.Write(Lineage());
        if (Log is { } log)
        {
            var lines = new Table().Border(TableBorder.Rounded).Title("log").AddColumns("at (UTC)", "level", "step", "message");
            foreach (var entry in log)
            {
                lines.AddRow(RunFormat.Time(entry.At), Markup.Escape(entry.Level), Markup.Escape(entry.Step ?? ""), Markup.Escape(entry.Message));
            }
            if (log.Count == 0)
            {
                console.MarkupLine("[grey]log: empty[/]");
            }
            else
            {
                console.Write(lines);
            }
        }
    }

    /// <summary>inputs → run → model versions, as a three-column table.</summary>
    private Table Lineage()
    {
        var inputs = Inputs.Count == 0 ? "[grey](none recorded)[/]" : string.Join("\n", Inputs.Select(i =>
            Markup.Escape($"{i.Kind} {i.Reference}" + (i.ContentId is { } id ? $" ({Short(id)})" : ""))));
        var models = Models.Count == 0 ? "[grey](none registered)[/]" : string.Join("\n", Models.Select(m =>
            Markup.Escape(m.Version.Reference.ToString() + (m.Aliases.Length > 0 ? $" ({string.Join(", ", m.Aliases)})" : ""))));
        return new Table().Border(TableBorder.Rounded).Title("lineage").AddColumns("inputs", "", "run", "", "model versions")
            .AddRow(inputs, "→", $"run {Run.Id}", "→", models);
    }

    /// <summary>A content id cut to <c>sha256:</c> and 12 hex digits, enough to tell artifacts apart.</summary>
    private static string Short(string contentId) => contentId.Length > 19 ? contentId[..19] + "…" : contentId;
}
