using System.Globalization;
using Keel.Data;
using Keel.Learning.Training;

namespace Keel.Learning.Validation;

/// <summary>
/// Hyperparameter search by cross-validation: a list of candidates (from <see cref="Grid"/> or a
/// <c>Sample</c>) measured on the same folds, ranked by one validation metric. Trials run in parallel; the
/// result is the same whatever order they finish in (ties go to the lower candidate index).
/// </summary>
public static partial class HyperparameterSearch
{
    /// <summary>Whether larger values of <paramref name="metric"/> are better: all but the losses and errors (log_loss, rmse, mae, mape).</summary>
    public static bool HigherIsBetter(string metric) => metric is not ("log_loss" or "rmse" or "mae" or "mape");

    /// <summary>Cross-validates every candidate and ranks them.</summary>
    /// <param name="data">All rows; folds index into it.</param>
    /// <param name="baseOptions">Algorithm, label, task, transforms and fixed parameters; each candidate's parameters override these. Its <see cref="TrainingOptions.Progress"/> is not used: trials report through <see cref="SearchOptions.Progress"/>.</param>
    /// <param name="candidates">Parameter sets to try.</param>
    /// <param name="folds">The same folds for every candidate.</param>
    /// <param name="options">Metric, parallelism, progress.</param>
    /// <param name="cancellationToken">Stops starting trials; throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">No candidates, or every trial failed (the first candidate's error is given).</exception>
    public static async Task<SearchResult> SearchAsync(Frame data, TrainingOptions baseOptions, IReadOnlyList<IReadOnlyDictionary<string, string>> candidates,
        IReadOnlyList<(int[] Train, int[] Test)> folds, SearchOptions options, CancellationToken cancellationToken = default)
    {
        RequireCandidates(candidates);
        var tracker = new ProgressTracker(candidates.Count, options);
        var trials = await RunRungAsync(data, baseOptions, candidates, [.. Enumerable.Range(0, candidates.Count)], folds, options, null, null, tracker, cancellationToken).ConfigureAwait(false);
        return Finish(options.Metric, [trials]);
    }

    /// <summary>
    /// Successive halving (scikit-learn's <c>HalvingRandomSearchCV</c> idea): every candidate is measured with a
    /// small resource, the best ⌈n / Factor⌉ go on with Factor times as much, until one candidate is left or the
    /// resource reaches its maximum. Rungs: 1 + ⌊log_Factor(candidates)⌋, or fewer when the resource range is too
    /// narrow for that (then the last rung keeps several candidates, as scikit-learn does).
    /// </summary>
    /// <exception cref="ArgumentException">Bad halving settings, rounds on an algorithm without them, or every first-rung trial failed.</exception>
    public static async Task<SearchResult> HalvingSearchAsync(Frame data, TrainingOptions baseOptions, IReadOnlyList<IReadOnlyDictionary<string, string>> candidates,
        IReadOnlyList<(int[] Train, int[] Test)> folds, HalvingOptions halving, SearchOptions options, CancellationToken cancellationToken = default)
    {
        RequireCandidates(candidates);
        if (halving.Factor < 2)
        {
            throw new ArgumentException($"the halving factor must be at least 2, got {halving.Factor}", nameof(halving));
        }
        if (halving.Resource == HalvingResource.Rounds && baseOptions.Algorithm != "gbdt")
        {
            throw new ArgumentException($"halving on rounds needs a boosted model (gbdt); {baseOptions.Algorithm} has no rounds: use HalvingResource.Rows", nameof(halving));
        }
        var max = halving.MaxResource ?? (halving.Resource == HalvingResource.Rows
            ? folds.Min(f => f.Train.Length)
            : int.Parse(baseOptions.Parameters.GetValueOrDefault("rounds", "100"), CultureInfo.InvariantCulture));
        var required = 1 + FloorLog(candidates.Count, halving.Factor);
        var floor = halving.Resource == HalvingResource.Rows ? Math.Min(10, max) : 1;
        var min = halving.MinResource ?? Math.Max(floor, max / Pow(halving.Factor, required - 1));
        if (min < 1 || min > max)
        {
            throw new ArgumentException($"the halving resource range [{min}, {max}] is empty", nameof(halving));
        }
        var rungCount = Math.Min(required, 1 + FloorLog(max / min, halving.Factor));
        var sizes = new int[rungCount];
        sizes[0] = candidates.Count;
        for (var i = 1; i < rungCount; i++)
        {
            sizes[i] = (sizes[i - 1] + halving.Factor - 1) / halving.Factor;
        }
        var tracker = new ProgressTracker(sizes.Sum(), options);
        var rungs = new List<SearchTrial[]>();
        int[] alive = [.. Enumerable.Range(0, candidates.Count)];
        for (var i = 0; i < rungCount; i++)
        {
            var resource = (int)Math.Min(max, (long)min * Pow(halving.Factor, i));
            var rows = halving.Resource == HalvingResource.Rows ? resource : (int?)null;
            var rounds = halving.Resource == HalvingResource.Rounds ? resource : (int?)null;
            tracker.StartRung();
            var trials = await RunRungAsync(data, baseOptions, candidates, alive, folds, options, rows, rounds, tracker, cancellationToken).ConfigureAwait(false);
            rungs.Add(trials);
            if (i + 1 < rungCount)
            {
                var ranked = Rank(trials, HigherIsBetter(options.Metric));
                // Failed trials never go on, so a rung can be smaller than planned; the progress total follows.
                alive = ranked.Take((alive.Length + halving.Factor - 1) / halving.Factor).Where(t => t.Error is null).Select(t => t.Candidate).Order().ToArray();
                if (alive.Length == 0)
                {
                    break;
                }
                var remaining = 0;
                for (int j = i + 1, size = alive.Length; j < rungCount; j++, size = (size + halving.Factor - 1) / halving.Factor)
                {
                    remaining += size;
                }
                tracker.Reschedule(remaining);
            }
        }
        return Finish(options.Metric, rungs);
    }

    private static async Task<SearchTrial[]> RunRungAsync(Frame data, TrainingOptions baseOptions, IReadOnlyList<IReadOnlyDictionary<string, string>> candidates,
        int[] alive, IReadOnlyList<(int[] Train, int[] Test)> folds, SearchOptions options, int? rows, int? rounds, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var trials = new SearchTrial[alive.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, alive.Length), parallel, (slot, ct) =>
        {
            var trial = RunTrial(data, baseOptions, alive[slot], candidates[alive[slot]], folds, options.Metric, rows, rounds, ct);
            // Each trial owns its slot, so the array's contents do not depend on completion order.
            trials[slot] = trial;
            tracker.Done(trial);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return trials;
    }

    private static SearchTrial RunTrial(Frame data, TrainingOptions baseOptions, int index, IReadOnlyDictionary<string, string> candidate,
        IReadOnlyList<(int[] Train, int[] Test)> folds, string metric, int? rows, int? rounds, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(baseOptions.Parameters, StringComparer.Ordinal);
        foreach (var (name, value) in candidate)
        {
            parameters[name] = value;
        }
        if (rounds is { } r)
        {
            parameters["rounds"] = r.ToString(CultureInfo.InvariantCulture);
        }
        var resource = rows ?? rounds;
        try
        {
            // Trials run in parallel: progress is reported per trial (SearchOptions.Progress), not per fold.
            var cv = CrossValidation.Run(data, baseOptions with { Parameters = parameters, Progress = null }, folds, rows, cancellationToken);
            if (!cv.Summary.TryGetValue(metric, out var score))
            {
                return new SearchTrial(index, candidate, double.NaN, cv.Summary, $"metric '{metric}' is not reported; available: {string.Join(", ", cv.Summary.Keys)}", resource);
            }
            return new SearchTrial(index, candidate, score.Mean, cv.Summary, null, resource);
        }
        catch (ArgumentException e)
        {
            return new SearchTrial(index, candidate, double.NaN, null, e.Message, resource);
        }
    }

    private static SearchResult Finish(string metric, IReadOnlyList<SearchTrial[]> rungs)
    {
        var higher = HigherIsBetter(metric);
        if (rungs[0].All(t => t.Error is not null))
        {
            var first = rungs[0].MinBy(t => t.Candidate)!;
            throw new ArgumentException($"every trial failed; candidate {first.Candidate}: {first.Error}");
        }
        // Later rungs first (a candidate's last trial is its largest-resource one), each rung by score.
        var ranking = new List<SearchTrial>();
        var placed = new HashSet<int>();
        for (var i = rungs.Count - 1; i >= 0; i--)
        {
            foreach (var trial in Rank(rungs[i], higher))
            {
                if (placed.Add(trial.Candidate))
                {
                    ranking.Add(trial);
                }
            }
        }
        return new SearchResult(metric, higher, ranking, rungs);
    }

    /// <summary>Best first: finite scores by direction, then NaN scores and failures; ties by candidate index.</summary>
    internal static SearchTrial[] Rank(IEnumerable<SearchTrial> trials, bool higherIsBetter)
    {
        var ranked = trials.ToArray();
        Array.Sort(ranked, (a, b) => Compare(a, b, higherIsBetter));
        return ranked;
    }

    internal static int Compare(SearchTrial a, SearchTrial b, bool higherIsBetter)
    {
        var aValid = a.Error is null && !double.IsNaN(a.Score);
        var bValid = b.Error is null && !double.IsNaN(b.Score);
        if (aValid != bValid)
        {
            return aValid ? -1 : 1;
        }
        if (aValid && a.Score != b.Score)
        {
            return higherIsBetter ? b.Score.CompareTo(a.Score) : a.Score.CompareTo(b.Score);
        }
        return a.Candidate.CompareTo(b.Candidate);
    }

    private static void RequireCandidates(IReadOnlyList<IReadOnlyDictionary<string, string>> candidates)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("the search needs at least one candidate", nameof(candidates));
        }
    }

    /// <summary>⌊log_b(x)⌋ for x ≥ 1, in integers (no floating-point edge at exact powers).</summary>
    private static int FloorLog(int x, int b)
    {
        var log = 0;
        for (var p = (long)b; p <= x; p *= b)
        {
            log++;
        }
        return log;
    }

    private static int Pow(int b, int e)
    {
        var p = 1L;
        for (var i = 0; i < e; i++)
        {
            p = Math.Min(p * b, int.MaxValue);
        }
        return (int)p;
    }

    /// <summary>Counts finished trials and the best so far; reports under a lock so counts arrive in order.</summary>
    private sealed class ProgressTracker(int total, SearchOptions options)
    {
        private readonly Lock _gate = new();
        private readonly bool _higher = HigherIsBetter(options.Metric);
        private int _done;
        private SearchTrial? _best;

        /// <summary>The trials still to run changed (failures eliminated early): total = done + <paramref name="remaining"/>.</summary>
        public void Reschedule(int remaining)
        {
            lock (_gate)
            {
                total = _done + remaining;
            }
        }

        public void StartRung()
        {
            lock (_gate)
            {
                _best = null;
            }
        }

        public void Done(SearchTrial trial)
        {
            lock (_gate)
            {
                _done++;
                if (trial.Error is null && (_best is null || Compare(trial, _best, _higher) < 0))
                {
                    _best = trial;
                }
                options.Progress?.Report(new SearchProgress(_done, total, _best));
            }
        }
    }
}
