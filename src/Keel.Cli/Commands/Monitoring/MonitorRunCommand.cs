using System.CommandLine;
using Keel.Data;
using Keel.Data.Profiles;
using Keel.Data.Reading;
using Keel.Learning;
using Keel.Monitoring.Drift;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel monitor run --model MODEL --data CURRENT</c>: batch monitoring against the model's own reference profile,
/// as Evidently does offline: the current data is streamed into a profile (memory bounded by sketches, not rows) and
/// scored chunk by chunk; features drift against the training profile, predictions against the training label.
/// </summary>
internal static class MonitorRunCommand
{
    public static Command Create(CliContext context)
    {
        var modelPath = new Option<string>("--model") { Description = "The model: a .keel file or a registry reference models:/NAME/VERSION|@ALIAS", Required = true };
        var data = new Option<string>("--data") { Description = "The current data: a CSV/JSON Lines file or a stored dataset NAME[:VERSION]", Required = true };
        var json = CommonOptions.Json();
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report with per-column histograms to this file" };
        var driftOptions = new DriftOptionSet();
        var read = new ReadOptionSet();
        var command = new Command("run", """
            Check current data against a model's training data without keeping either in memory: the model file holds
            its training profile (the reference), the current data is streamed into a profile of its own and scored.
            Reports per-feature drift, dataset drift (share of drifted features) and prediction drift (the predicted
            classes or values against the training label's distribution), with the same tests and defaults as
            'keel monitor drift'. Exit code 1 when the dataset drifts, 0 otherwise, 2 on bad input.

            Numeric statistics come from quantile sketches: exact while a side has few rows, within about 0.3 % of rank
            beyond (see docs/drift.md); for exact KS p-values on large data compare two files with 'keel monitor drift'.

            Examples:
              keel monitor run --model model.keel --data today.csv
              keel monitor run --model models:/churn@champion --data today.csv --json
              keel monitor run --model model.keel --data today.csv --report drift.html
            """) { modelPath, data, json, report };
        driftOptions.AddTo(command);
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var options = driftOptions.Bind(result);
            var loaded = await ModelLoading.LoadAsync(context, result.GetValue(modelPath)!, ct);
            var model = loaded.Model;
            if (model.ReferenceProfile is not { } reference)
            {
                throw new UserException($"{loaded.Display} holds no reference profile of its training data; retrain it with this version of keel");
            }
            var readOptions = read.Bind(result, context);
            var input = await DatasetInput.ResolveAsync(context, result.GetValue(data)!, ct);
            var inputs = model.InputSchema.Columns.Select(c => c.Name).Where(n => n != model.Label.Column).ToHashSet(StringComparer.Ordinal);
            if (options.Columns?.FirstOrDefault(c => !inputs.Contains(c)) is { } unknown)
            {
                throw new UserException($"--columns names '{unknown}', which is not an input of {loaded.Display}");
            }
            var (current, predictions, rows) = Profile(context, model, reference, input, readOptions, ct);
            options = options with { Columns = [.. reference.Columns.Select(c => c.Name).Where(n => inputs.Contains(n) && current.Columns.Any(c => c.Name == n)
                && (options.Columns is null || options.Columns.Contains(n)))] };
            DriftReport drift;
            try
            {
                drift = ProfileDrift.Compare(reference, current, options);
                if (model.PredictionProfile is { } trained)
                {
                    var method = options.Method.AppliesTo(trained.Columns[0].Type == ColumnType.Numeric) ? options.Method : DriftMethod.Auto;
                    drift = drift with { Prediction = ProfileDrift.Evaluate(trained.Columns[0], predictions.Columns[0], method, options) };
                }
                else if (model.PredictionProfile is null)
                {
                    context.Terminal.Note($"{loaded.Display} keeps no profile of its training predictions (trained by an older keel): prediction drift is not reported");
                }
            }
            catch (DriftInputException ex)
            {
                throw new UserException(ex.Message);
            }
            var reportPath = result.GetValue(report);
            var html = reportPath is null ? null : DriftHtmlReport.Render(drift,
                f => f == drift.Prediction ? ProfileDrift.Shares(model.PredictionProfile!.Columns[0], predictions.Columns[0]) : ProfileDrift.Shares(reference[f.Name], current[f.Name]),
                ($"{loaded.Display} (training profile)", reference.Rows), (input.Display, rows), context.Time.GetUtcNow());
            return await DriftOutput.WriteAsync(context, drift, result.GetValue(json), reportPath, html, ct);
        });
        return command;
    }

    /// <summary>
    /// Streams <paramref name="input"/> into a profile of its columns and one of the model's predictions on it, both with
    /// the reference's sketch options.
    /// </summary>
    private static (DatasetProfile Current, DatasetProfile Predictions, long Rows) Profile(
        CliContext context, Model model, DatasetProfile reference, DatasetInput input, ReadOptions readOptions, CancellationToken ct)
    {
        using var reader = input.Open(readOptions with { Pinned = PredictCommand.Pinned(model, readOptions.Pinned), IgnoreAbsentPinned = true });
        var builder = new ProfileBuilder(reader.Schema, reference.Options);
        ProfileBuilder? predicted = null;
        long rows = 0;
        ReadProgress.Run(context.Terminal, reader, "profiling and scoring current data", () =>
        {
            foreach (var chunk in reader.ReadChunksAhead(cancellationToken: ct))
            {
                builder.Add(chunk);
                Frame predictions;
                try
                {
                    predictions = PredictionColumn.Of(model.Predict(chunk));
                }
                catch (ArgumentException ex)
                {
                    throw new UserException(ex.Message);
                }
                predicted ??= new ProfileBuilder(predictions.Schema, reference.Options);
                predicted.Add(predictions);
                rows += chunk.RowCount;
            }
            return 0;
        });
        return predicted is null
            ? throw new UserException($"{input.Display} has no rows to monitor")
            : (builder.Build(), predicted.Build(), rows);
    }
}
