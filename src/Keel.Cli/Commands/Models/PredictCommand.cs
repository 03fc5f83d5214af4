using System.CommandLine;
using System.Globalization;
using System.Text;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Learning;

namespace Keel.Cli.Commands;

/// <summary><c>keel predict</c>: scores a file (or a stream) with a saved model, one output line per input row.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var modelPath = new Option<string>("--model") { Description = "The model file, or a registered version: models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest", Required = true };
        var data = new Option<string?>("--data") { Description = "Rows to score: a file or a dataset NAME[:VERSION]" };
        var output = new Option<string?>("--out") { Description = "Where to write the predictions (CSV)" };
        var stdin = new Option<bool>("--stdin") { Description = "Read CSV rows from standard input (instead of --data)" };
        var stdout = new Option<bool>("--stdout") { Description = "Write predictions to standard output (instead of --out)" };
        var read = new ReadOptionSet();
        var command = new Command("predict", """
            Score rows with a saved model. The output CSV has one line per input row, in order: 'prediction'
            (the class or value) and, for classifiers, 'probability_<class>' per class. With --stdin/--stdout it
            streams chunk by chunk, so any engine that pipes partitions through a command (Spark's pipe, xargs,
            a batch job) can use it.

            Examples:
              keel predict --model model.keel --data new.csv --out scored.csv
              cat new.csv | keel predict --model model.keel --stdin --stdout > scored.csv
              keel predict --model models:/churn@champion --data new.csv --out scored.csv
            """) { modelPath, data, output, stdin, stdout };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(stdin) == (result.GetValue(data) is not null))
            {
                throw new UserException("give either --data FILE or --stdin");
            }
            if (result.GetValue(stdout) == (result.GetValue(output) is not null))
            {
                throw new UserException("give either --out FILE or --stdout");
            }
            var loadedModel = await ModelLoading.LoadAsync(context, result.GetValue(modelPath)!, ct);
            var model = loadedModel.Model;
            var options = read.Bind(result, context);
            IFrameReader reader;
            if (result.GetValue(stdin))
            {
                reader = new CsvReader(Console.OpenStandardInput(), "stdin", options with { Pinned = Pinned(model, options.Pinned), IgnoreAbsentPinned = true });
            }
            else
            {
                var input = await DatasetInput.ResolveAsync(context, result.GetValue(data)!, ct);
                reader = input.Open(options with { Pinned = Pinned(model, options.Pinned), IgnoreAbsentPinned = true });
            }
            using (reader)
            {
                var toStdout = result.GetValue(stdout);
                var finalPath = toStdout ? null : context.FullPath(result.GetValue(output)!);
                // Predictions go to a temporary file that replaces the target only when every row was scored.
                var tempPath = finalPath is null ? null : finalPath + ".tmp-" + Guid.NewGuid().ToString("N");
                var target = tempPath is null ? context.Terminal.Stdout : new StreamWriter(tempPath, false, new UTF8Encoding(false));
                try
                {
                    WriteHeader(target, model);
                    long rows = 0;
                    foreach (var chunk in reader.ReadChunks(ct))
                    {
                        Predictions predictions;
                        try
                        {
                            predictions = model.Predict(chunk);
                        }
                        catch (ArgumentException ex)
                        {
                            throw new UserException(ex.Message);
                        }
                        WriteRows(target, predictions);
                        rows += chunk.RowCount;
                    }
                    target.Flush();
                    if (tempPath is not null)
                    {
                        await target.DisposeAsync();
                        File.Move(tempPath, finalPath!, overwrite: true);
                        context.Terminal.Note($"{rows:N0} rows scored with {loadedModel.Display} → {result.GetValue(output)}");
                    }
                }
                finally
                {
                    if (tempPath is not null)
                    {
                        await target.DisposeAsync();
                        File.Delete(tempPath);
                    }
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads input columns with the types the model was trained on, so a small batch is not mis-inferred.</summary>
    internal static SchemaFile Pinned(Model model, SchemaFile? user)
    {
        var entries = model.InputSchema.Columns
            .Where(c => c.Name != model.Label.Column && user?.Find(c.Name) is null)
            .Select(c => new SchemaFile.Entry(c.Name, c.Type, c.Role, c.Pii, c.Nullable, c.Format));
        return new SchemaFile([.. entries, .. user?.Entries ?? []]);
    }

    private static void WriteHeader(TextWriter w, Model model)
    {
        var header = new List<string> { "prediction" };
        header.AddRange(model.Label.Classes.Select(c => "probability_" + c));
        w.WriteLine(string.Join(",", header.Select(Quote)));
    }

    private static void WriteRows(TextWriter w, Predictions p)
    {
        var line = new StringBuilder();
        for (var r = 0; r < p.Rows; r++)
        {
            line.Clear();
            line.Append(Quote(p.Label(r)));
            if (p.Probabilities is { } probabilities)
            {
                var k = p.Classes.Count;
                for (var c = 0; c < k; c++)
                {
                    line.Append(',').Append(probabilities[(r * k) + c].ToString("R", CultureInfo.InvariantCulture));
                }
            }
            w.WriteLine(line);
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
