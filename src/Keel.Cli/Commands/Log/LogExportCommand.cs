using System.CommandLine;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary><c>keel log export</c>: the inference log with its feedback labels, flattened to CSV or JSON Lines.</summary>
internal static class LogExportCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "The file to write (replaced whole, only once every row is written)", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or jsonl (default: from the --out extension, .csv or .jsonl/.ndjson)" };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        var model = new Option<string?>("--model") { Description = "Only predictions of the model served under this name" };
        var deployment = new Option<string?>("--deployment") { Description = "Only predictions routed by this deployment" };
        var since = new Option<string?>("--since") { Description = "Only predictions at or after this time (ISO-8601; UTC unless an offset is given)" };
        var until = new Option<string?>("--until") { Description = "Only predictions before this time (ISO-8601; exclusive)" };
        var labelledOnly = new Option<bool>("--labelled-only") { Description = "Only predictions that have a true label from POST /feedback" };
        var json = CommonOptions.Json();
        var command = new Command("export", """
            Export the inference log, one row per prediction, oldest first: prediction_id, inference_id, request_id,
            time, model_name, model_version, deployment, deployment_revision, deployment_role, latency_ms, each input
            as input.<name>, the outputs as prediction and probability_<class>, and the true label with the time it
            was received (empty when no feedback has arrived). Columns flagged pii are exported as the log stores
            them: hashed. The file is written from one snapshot of the log, so a server may keep serving meanwhile.

            Examples:
              keel log export --out predictions.csv
              keel log export --out june.jsonl --model churn --since 2026-06-01 --until 2026-07-01
              keel log export --out labelled.csv --deployment churn-prod --labelled-only
            """) { output, format, model, deployment, since, until, labelledOnly, json };
        command.SetAction(async (result, ct) =>
        {
            var outPath = result.GetValue(output)!;
            var kind = result.GetValue(format) ?? FormatOf(outPath);
            var filter = new InferenceLogFilter
            {
                Model = result.GetValue(model),
                Deployment = result.GetValue(deployment),
                Since = result.GetValue(since) is { } s ? IsoTime.Parse("--since", s) : null,
                Until = result.GetValue(until) is { } u ? IsoTime.Parse("--until", u) : null,
                LabelledOnly = result.GetValue(labelledOnly),
            };
            if (filter.Since >= filter.Until)
            {
                throw new UserException("--since must be before --until");
            }
            using var session = await LogSession.OpenAsync(context, ct);
            ExportSummary summary;
            var log = await session.OpenReaderAsync(filter, ct);
            await using (log)
            {
                var file = AtomicFile.Create(context.FullPath(outPath));
                await using (file)
                {
                    summary = kind == "csv"
                        ? await LogExport.WriteCsvAsync(log, file.Writer, ct)
                        : await LogExport.WriteJsonlAsync(log, file.Writer, ct);
                    await file.CommitAsync();
                }
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    @out = outPath,
                    format = kind,
                    rows = summary.Rows,
                    labelled = summary.Labelled,
                    columns = summary.Columns,
                });
            }
            else
            {
                context.Terminal.Note($"{summary.Rows:N0} predictions exported ({summary.Labelled:N0} labelled) → {outPath}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".jsonl" or ".ndjson" => "jsonl",
        _ => throw new UserException($"cannot tell the format from '{path}'; give --format csv or --format jsonl"),
    };
}
