using System.Diagnostics;
using System.Globalization;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Learning;

namespace Keel.Benchmarks;

/// <summary>
/// <c>scoring-batches MODEL CSV [ROWS]</c>: what batching one-row requests could save in scoring alone — the model's
/// <see cref="Model.Predict"/> (transforms, encoding, compiled trees, probabilities) timed per row on one-row frames
/// (as a one-row request scores today) and on frames of 8, 32 and 128 rows (as a micro-batcher would); rows repeat the file's when ROWS exceeds
/// them. Single thread, after a warm-up; prints microseconds per row.
/// </summary>
internal static class ScoringBatchComparison
{
    public static void Run(string modelPath, string csvPath, int rows)
    {
        var model = Model.Load(modelPath);
        using var stream = File.OpenRead(csvPath);
        using var reader = new CsvReader(stream, csvPath, new ReadOptions());
        var frame = FrameConcat.Concat(reader.Schema, reader.ReadChunks(CancellationToken.None));
        var singles = Enumerable.Range(0, rows).Select(i => FrameRows.Select(frame, [i % frame.RowCount])).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {modelPath} ({model.Algorithm}), {rows} rows"));
        foreach (var batch in new[] { 1, 8, 32, 128 })
        {
            var frames = batch == 1 ? singles
                : [.. Enumerable.Range(0, rows / batch).Select(b => FrameRows.Select(frame, [.. Enumerable.Range(b * batch, batch).Select(i => i % frame.RowCount)]))];
            Time(model, frames); // warm-up
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                best = Math.Min(best, Time(model, frames));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch,4}: {best * 1e6 / (frames.Length * batch):0.00} us per row (best of 5)"));
        }
    }

    private static double Time(Model model, Frame[] frames)
    {
        var clock = Stopwatch.StartNew();
        foreach (var frame in frames)
        {
            model.Predict(frame);
        }
        return clock.Elapsed.TotalSeconds;
    }
}
