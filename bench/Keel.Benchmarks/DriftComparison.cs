using System.Diagnostics;
using System.Text.Json;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Monitoring.Drift;

namespace Keel.Benchmarks;

/// <summary>
/// The Keel side of <c>bench/drift_vs_scipy.sh</c>: parses both CSV files once (untimed, Keel's own reader), then
/// times the drift statistics on the parsed columns, the way <c>/work/shared/bench/drift_anchors.py</c> times SciPy
/// (CSV loading excluded). Each statistic is timed from the raw parsed column, as SciPy starts from an unsorted
/// array, and as <c>DriftDetector.Compare</c> runs it per column: <c>Sample(column, pool)</c>, <c>Run(sample,
/// method)</c>, <c>sample.Recycle()</c> (NaN filtering, copying into arrays pooled over the pass, sorting where the
/// method needs it, the statistic); the JS distance is also timed alone on binned shares, as the anchor times it, for KS, Wasserstein, PSI and Jensen–Shannon on all columns and χ² on
/// <c>c04</c>, one column at a time on one thread (SciPy is single-threaded), the methods interleaved column by
/// column; then the same pass again with Keel's default of sorting the two sides on two threads at once. One untimed warm-up pass first (JIT). Also timed: <c>DriftDetector.Compare</c> on the whole frames per
/// method (what <c>keel monitor drift --method M</c> runs after parsing: columns in parallel). Prints one JSON
/// object with per-repeat totals, per-column medians and the statistic values (raw Wasserstein distance for the
/// SciPy check, Evidently's normed one as reported). Usage: <c>Keel.Benchmarks drift-compare REF CUR [REPEATS] [CATEGORICAL_COLUMN]</c>.
/// </summary>
internal static class DriftComparison
{
    private static readonly (string Name, DriftMethod Method)[] Methods =
    [
        ("ks", DriftMethod.KolmogorovSmirnov),
        ("wasserstein", DriftMethod.Wasserstein),
        ("psi", DriftMethod.Psi),
        ("js", DriftMethod.JensenShannon),
    ];

    public static void Run(string referencePath, string currentPath, int repeats, string categoricalColumn)
    {
        var load = Stopwatch.StartNew();
        var reference = Read(referencePath);
        var current = Read(currentPath);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var names = reference.Schema.Columns.Select(c => c.Name).ToArray();

        Pass(reference, current, names, categoricalColumn); // warm-up
        var passes = new List<PassResult>();
        var parallelPasses = new List<PassResult>();
        var defaultThreshold = FeatureSample.ParallelSortThreshold;
        var compare = new Dictionary<string, List<double>>();
        for (var r = 0; r < repeats; r++)
        {
            FeatureSample.ParallelSortThreshold = int.MaxValue; // one thread, like SciPy
            passes.Add(Pass(reference, current, names, categoricalColumn));
            FeatureSample.ParallelSortThreshold = defaultThreshold; // as Keel runs: both sides sorted at once
            parallelPasses.Add(Pass(reference, current, names, categoricalColumn));
            foreach (var (name, method) in Methods)
            {
                var watch = Stopwatch.StartNew();
                DriftDetector.Compare(reference, current, new DriftOptions { Method = method });
                (compare.TryGetValue(name, out var list) ? list : compare[name] = []).Add(watch.Elapsed.TotalSeconds);
            }
            Console.Error.WriteLine($"repeat {r + 1}: sum of test times {passes[^1].Seconds.Values.Sum():F3}s  " +
                string.Join(", ", passes[^1].Seconds.Select(kv => $"{kv.Key} {kv.Value:F3}s")) +
                $"; sorting both sides at once: {parallelPasses[^1].Seconds.Values.Sum():F3}s");
        }

        // Values (untimed): the statistics SciPy reports, from one sample per column.
        var values = new List<object>();
        foreach (var name in names)
        {
            var sample = DriftDetector.Sample(name, reference[name], current[name]);
            var ks = KolmogorovSmirnovTest.Compute(sample.SortedReference, sample.SortedCurrent);
            var entry = new Dictionary<string, object?>
            {
                ["column"] = name,
                ["ks_statistic"] = ks.Statistic,
                ["ks_pvalue"] = ks.PValue,
                ["wasserstein_distance"] = WassersteinDistance.Compute(sample.SortedReference, sample.SortedCurrent),
                ["wasserstein_normed"] = DriftDetector.Run(sample, DriftMethod.Wasserstein).Statistic,
                ["psi_sturges"] = DriftDetector.Run(sample, DriftMethod.Psi).Statistic,
                ["js_sturges"] = DriftDetector.Run(sample, DriftMethod.JensenShannon).Statistic,
            };
            if (name == categoricalColumn)
            {
                var chi2 = DriftDetector.Run(sample, DriftMethod.ChiSquare);
                entry["chisquare_gof_statistic"] = chi2.Statistic;
                entry["chisquare_gof_pvalue"] = chi2.PValue;
            }
            values.Add(entry);
        }

        static double Median(IEnumerable<double> xs)
        {
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }
        var keys = passes[0].Seconds.Keys.ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            reference = referencePath,
            current = currentPath,
            n_reference = reference.RowCount,
            n_current = current.RowCount,
            columns = names.Length,
            csv_parse_s_both_files = loadSeconds,
            repeats,
            threads = Environment.ProcessorCount,
            seconds_total_all_tests = Median(passes.Select(p => p.Seconds.Values.Sum())),
            seconds_by_test = keys.ToDictionary(k => k, k => Median(passes.Select(p => p.Seconds[k]))),
            seconds_total_per_repeat = passes.Select(p => p.Seconds.Values.Sum()).ToArray(),
            seconds_js_without_binning = Median(passes.Select(p => p.JsWithoutBinning)),
            seconds_total_js_without_binning = Median(passes.Select(p => p.Seconds.Values.Sum() - p.Seconds["js"] + p.JsWithoutBinning)),
            seconds_by_test_per_repeat = keys.ToDictionary(k => k, k => passes.Select(p => p.Seconds[k]).ToArray()),
            parallel_sort = new
            {
                note = "the same passes with FeatureSample's default: reference and current sorted on two threads at once",
                seconds_total_all_tests = Median(parallelPasses.Select(p => p.Seconds.Values.Sum())),
                seconds_by_test = keys.ToDictionary(k => k, k => Median(parallelPasses.Select(p => p.Seconds[k]))),
                seconds_total_per_repeat = parallelPasses.Select(p => p.Seconds.Values.Sum()).ToArray(),
            },
            per_column_seconds = names.ToDictionary(n => n, n => Methods.ToDictionary(m => m.Name, m => Median(passes.Select(p => p.PerColumn[(n, m.Name)])))),
            compare_parallel_seconds = compare,
            values,
        }));
    }

    private sealed record PassResult(Dictionary<string, double> Seconds, Dictionary<(string, string), double> PerColumn, double JsWithoutBinning);

    private static PassResult Pass(Frame reference, Frame current, string[] names, string categoricalColumn)
    {
        var seconds = Methods.Select(m => m.Name).Append("chi2").ToDictionary(k => k, _ => 0.0);
        var perColumn = new Dictionary<(string, string), double>();
        var pool = new SampleBufferPool(); // one per pass, as DriftDetector.Compare keeps one per comparison
        var jsWithoutBinning = 0.0;
        foreach (var name in names)
        {
            foreach (var (key, method) in Methods)
            {
                var start = Stopwatch.GetTimestamp();
                var sample = DriftDetector.Sample(name, reference[name], current[name], pool);
                DriftDetector.Run(sample, method);
                sample.Recycle();
                var s = Stopwatch.GetElapsedTime(start).TotalSeconds;
                seconds[key] += s;
                perColumn[(name, key)] = s;
            }
            if (name == categoricalColumn)
            {
                var start = Stopwatch.GetTimestamp();
                var sample = DriftDetector.Sample(name, reference[name], current[name], pool);
                DriftDetector.Run(sample, DriftMethod.ChiSquare);
                sample.Recycle();
                seconds["chi2"] += Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            // What the anchor times for JS: the distance on shares already binned.
            var binned = DriftDetector.Sample(name, reference[name], current[name], pool);
            var (r, c) = binned.Shares();
            binned.Recycle();
            var t = Stopwatch.GetTimestamp();
            JensenShannonDistance.Compute(r, c);
            jsWithoutBinning += Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        return new PassResult(seconds, perColumn, jsWithoutBinning);
    }

    private static Frame Read(string path)
    {
        using var reader = DataSource.Open(path, new ReadOptions());
        return FrameConcat.Concat(reader.Schema, reader.ReadChunksAhead());
    }
}

/// <summary>
/// Where one column's drift time goes (<c>Keel.Benchmarks drift-split REF CUR [COLUMN]</c>): median of 7 of each step
/// on its own, after a warm-up — NaN filter and copy, the sorts, the KS statistic and p-value, Wasserstein, binning.
/// </summary>
internal static class DriftSplits
{
    public static void Run(string referencePath, string currentPath, string column)
    {
        using var r1 = DataSource.Open(referencePath, new ReadOptions());
        var reference = ((NumericColumn)FrameConcat.Concat(r1.Schema, r1.ReadChunksAhead())[column]).Values;
        using var r2 = DataSource.Open(currentPath, new ReadOptions());
        var current = ((NumericColumn)FrameConcat.Concat(r2.Schema, r2.ReadChunksAhead())[column]).Values;
        var sortedA = reference.Order().ToArray();
        var sortedB = current.Order().ToArray();
        var ks = KolmogorovSmirnovTest.Statistic(sortedA, sortedB);
        var en = (long)Math.Round((double)reference.Length * current.Length / (reference.Length + current.Length), MidpointRounding.ToEven);
        var keys = new ulong[reference.Length];
        var scratch = new ulong[reference.Length];
        var copy = new double[reference.Length];
        var steps = new (string Name, Action Step)[]
        {
            ("sample (filter + copy both)", () => FeatureSample.Numeric(column, reference, current)),
            ("new double[n] twice", () => { _ = new double[reference.Length]; _ = new double[current.Length]; }),
            ("AllocateUninitializedArray twice", () => { _ = GC.AllocateUninitializedArray<double>(reference.Length); _ = GC.AllocateUninitializedArray<double>(current.Length); }),
            ("Array.Sort one side", () => { reference.CopyTo(copy, 0); Array.Sort(copy); }),
            ("radix sort one side", () => { reference.CopyTo(copy, 0); Keel.Data.Profiles.DoubleRadixSort.Sort(copy, keys, scratch); }),
            ("copy one side (subtract from the sorts)", () => reference.CopyTo(copy, 0)),
            ("KS statistic (merge)", () => KolmogorovSmirnovTest.Statistic(sortedA, sortedB)),
            ("KS p-value (kstwo.sf)", () => KolmogorovDistribution.Survival(en, ks)),
            ("Wasserstein (merge)", () => WassersteinDistance.Compute(sortedA, sortedB)),
            ("std of the reference", () => WassersteinDistance.PopulationStandardDeviation(sortedA)),
            ("binned shares, unsorted", () => DriftBinning.BinnedShares(reference, current)),
        };
        foreach (var (name, step) in steps)
        {
            step();
            var times = new double[7];
            for (var i = 0; i < times.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                step();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{name,-42} {times[3],9:F2} ms  (min {times[0]:F2})  gen0/1/2 GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        }
    }
}
