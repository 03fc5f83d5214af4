using Spectre.Console;

namespace Keel.Cli;

/// <summary>
/// Runs long work with a progress bar on stderr when stderr is a terminal, and silently otherwise: no bar, no text,
/// and the work gets no progress sink, so scripts and <c>--json</c> see exactly what they would without it. When
/// the bar is shown the work runs on the thread pool and the bar polls its state ten times a second.
/// </summary>
internal static class TerminalProgress
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>What the bar shows at one moment: <paramref name="Value"/> of <paramref name="Max"/>, and a line of text (markup-escaped here).</summary>
    public readonly record struct Reading(double Value, double Max, string Description);

    /// <summary>The columns for counted steps (rounds, folds, trials): text, bar, percentage, time left.</summary>
    public static ProgressColumn[] StepColumns() =>
        [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()];

    /// <summary>
    /// Calls <paramref name="work"/> with a sink for its reports (null when stderr is not a terminal); the bar shows
    /// the latest report as <paramref name="describe"/> reads it. The sink is thread-safe: reports may come from
    /// several threads, and the latest one wins.
    /// </summary>
    public static async Task<T> RunAsync<TReport, T>(Terminal terminal, string label, Func<TReport, Reading> describe, Func<IProgress<TReport>?, Task<T>> work)
    {
        if (!terminal.Interactive)
        {
            return await work(null).ConfigureAwait(false);
        }
        var latest = new LatestReport<TReport>();
        return await ShowAsync(terminal, StepColumns(), () => latest.TryGet(out var report) ? describe(report) : new Reading(0, 1, label),
            Task.Run(() => work(latest))).ConfigureAwait(false);
    }

    /// <summary>Calls <paramref name="work"/>, with a bar fed by <paramref name="poll"/> when stderr is a terminal.</summary>
    public static T Run<T>(Terminal terminal, ProgressColumn[] columns, Func<Reading> poll, Func<T> work) =>
        terminal.Interactive ? ShowAsync(terminal, columns, poll, Task.Run(work)).GetAwaiter().GetResult() : work();

    private static Task<T> ShowAsync<T>(Terminal terminal, ProgressColumn[] columns, Func<Reading> poll, Task<T> worker) =>
        terminal.Err.Progress()
            .AutoClear(true)
            .Columns(columns)
            .StartAsync(async ctx =>
            {
                var first = poll();
                var task = ctx.AddTask(Markup.Escape(first.Description), maxValue: Math.Max(1, first.Max));
                while (await Task.WhenAny(worker, Task.Delay(PollInterval)).ConfigureAwait(false) != worker)
                {
                    Show(task, poll());
                }
                Show(task, poll());
                task.Value = task.MaxValue;
                return await worker.ConfigureAwait(false);
            });

    private static void Show(ProgressTask task, Reading reading)
    {
        task.MaxValue = Math.Max(1, reading.Max);
        task.Value = Math.Min(task.MaxValue, reading.Value);
        task.Description = Markup.Escape(reading.Description);
    }

    /// <summary>Keeps the last report; written by the work's threads, read by the bar's.</summary>
    private sealed class LatestReport<TReport> : IProgress<TReport>
    {
        private readonly Lock _gate = new();
        private TReport? _latest;
        private bool _any;

        public void Report(TReport value)
        {
            lock (_gate)
            {
                _latest = value;
                _any = true;
            }
        }

        public bool TryGet(out TReport report)
        {
            lock (_gate)
            {
                report = _latest!;
                return _any;
            }
        }
    }
}
