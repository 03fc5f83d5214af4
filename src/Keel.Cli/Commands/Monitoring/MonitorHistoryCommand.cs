using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Monitoring.Windows;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel monitor history</c>: the drift windows <c>keel serve</c> closed, as a table, JSON or an HTML report over time.</summary>
internal static class MonitorHistoryCommand
{
    public static Command Create(CliContext context)
    {
        var deployment = new Option<string?>("--deployment") { Description = "The deployment whose windows to show; without it, models served directly (keel serve --model)" };
        var model = new Option<string?>("--model") { Description = "Only the windows of this model name" };
        var last = new Option<int>("--last") { Description = "At most this many windows, the latest", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML page of drift over time to this file" };
        var command = new Command("history", """
            Show the monitoring windows 'keel serve' closed in this workspace: for each, its time span, rows, the share of
            drifted features, prediction drift and the drifted features. --report draws them over time.

            Examples:
              keel monitor history --deployment credit
              keel monitor history --model churn --last 20 --json
              keel monitor history --deployment credit --report drift-over-time.html
            """) { deployment, model, last, json, report };
        command.SetAction(async (result, ct) =>
        {
            var limit = result.GetValue(last);
            if (limit < 1)
            {
                throw new UserException($"--last must be at least 1, got {limit}");
            }
            using var session = await MonitorSession.OpenAsync(context, ct);
            var subject = result.GetValue(deployment) ?? "";
            var windows = await session.History.ListAsync(subject, result.GetValue(model), limit, ct);
            var name = subject.Length > 0 ? $"deployment {subject}" : result.GetValue(model) is { } m ? $"model {m}" : "models served directly";
            if (result.GetValue(report) is { } path)
            {
                await AtomicFile.WriteAllTextAsync(context.FullPath(path), DriftHistoryReport.Render(windows, name, context.Time.GetUtcNow()), ct);
            }
            if (result.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var w in windows)
                {
                    array.Add(new JsonObject
                    {
                        ["deployment"] = w.Deployment,
                        ["role"] = w.Role,
                        ["model"] = w.ModelName,
                        ["model_version"] = w.ModelVersion,
                        ["start"] = w.Start,
                        ["end"] = w.End,
                        ["rows"] = w.Rows,
                        ["drift"] = JsonNode.Parse(w.ReportJson),
                    });
                }
                context.Terminal.Stdout.WriteLine(new JsonObject { ["windows"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                context.Terminal.Stdout.Flush();
                return ExitCodes.Ok;
            }
            if (windows.Count == 0)
            {
                context.Terminal.Note($"no monitoring window for {name} yet (keel serve closes one every --window rows or period)");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("end (UTC)", "model", "rows", "drift share", "prediction", "verdict");
            foreach (var w in windows)
            {
                table.AddRow(
                    w.End.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape($"{w.ModelName} v{w.ModelVersion}{(w.Role.Length > 0 ? $" ({w.Role})" : "")}"),
                    w.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    w.DriftShare.ToString("0.###", CultureInfo.InvariantCulture),
                    w.PredictionStatistic is { } p ? p.ToString("0.####", CultureInfo.InvariantCulture) + (w.PredictionDrift == true ? " [red]drift[/]" : "") : "",
                    w.DatasetDrift ? "[red]dataset drift[/]" : "[green]ok[/]");
            }
            context.Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
