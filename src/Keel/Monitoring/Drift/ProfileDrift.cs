using Keel.Data;
using Keel.Data.Profiles;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Drift between two <see cref="DatasetProfile"/>s — a model's training profile and a profile of current data (a
/// window of logged inputs, or a file streamed through <see cref="ProfileBuilder"/>) — so neither side is held as
/// rows: memory is the sketches'. Same method choice, thresholds and report as <see cref="DriftDetector"/>.
/// </summary>
/// <remarks>
/// <para>Categorical and boolean columns compare the profiles' value counts, which are exact while the counters are
/// (up to <see cref="FrequencyCounter.DefaultCapacity"/> distinct values): the statistics equal the two-file ones.</para>
/// <para>Numeric columns: while both KLL sketches are in exact mode they hold every value and the two-file code runs
/// on them unchanged (equal results). Beyond that the statistics are computed from the sketches' weighted items:
/// Kolmogorov–Smirnov's D and Wasserstein's area within the sketch's rank error (about 1.3 % at k = 200, see
/// <see cref="KllSketch.NormalizedRankError"/>), the KS p-value asymptotically with the true counts, the Wasserstein
/// norm with the reference's exact standard deviation from its moments, PSI and Jensen–Shannon on Evidently's Sturges
/// bins with shares read from the sketches' CDFs. With a large reference the automatic choice is Wasserstein and
/// Jensen–Shannon, which a 1 % rank error barely moves; a KS p-value on a million values does not survive it, so
/// the exact tests on large data belong to <c>keel monitor drift</c> on two files.</para>
/// </remarks>
public static class ProfileDrift
{
    /// <summary>Compares every column the reference and current profiles share (or <see cref="DriftOptions.Columns"/>).</summary>
    /// <exception cref="DriftInputException">A named column is missing, or the two sides have different types.</exception>
    public static DriftReport Compare(DatasetProfile reference, DatasetProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var names = options.Columns ?? [.. reference.Columns.Select(c => c.Name).Where(currentNames.Contains)];
        var features = new List<FeatureDrift>();
        var skipped = new List<(string, string)>();
        FeatureDrift? prediction = null;
        foreach (var name in names)
        {
            var r = reference.Columns.FirstOrDefault(c => c.Name == name) ?? throw new DriftInputException($"no column '{name}' in the reference profile");
            var c = currentNames.Contains(name) ? current[name] : throw new DriftInputException($"no column '{name}' in the current data");
            if (r.Type != c.Type)
            {
                throw new DriftInputException($"column '{name}' is {Lower(r.Type)} in the reference but {Lower(c.Type)} in the current data");
            }
            if (r.Type is ColumnType.Text or ColumnType.Timestamp)
            {
                skipped.Add((name, $"{Lower(r.Type)} columns are not tested for drift"));
                continue;
            }
            if (r.Count == 0 || c.Count == 0)
            {
                skipped.Add((name, r.Count == 0 ? "no values in the reference data" : "no values in the current data"));
                continue;
            }
            var method = options.ColumnMethods.TryGetValue(name, out var m) ? m
                : options.Method.AppliesTo(r.Type == ColumnType.Numeric) ? options.Method : DriftMethod.Auto;
            var verdict = Evaluate(r, c, method, options);
            if (name == options.PredictionColumn)
            {
                prediction = verdict;
            }
            else
            {
                features.Add(verdict);
            }
        }
        return new DriftReport(features, prediction, skipped, options.DriftShare);
    }

    /// <summary>One column's verdict from its two profiles.</summary>
    /// <exception cref="DriftInputException">The method does not apply to the column's type, or a side has no values.</exception>
    public static FeatureDrift Evaluate(ColumnProfile reference, ColumnProfile current, DriftMethod method, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        if (reference.Type != ColumnType.Numeric)
        {
            return DriftDetector.Evaluate(FeatureSample.Categorical(reference.Name, Counts(reference, current), Lower(reference.Type)), method, options);
        }
        var (r, c) = (reference.Quantiles!, current.Quantiles!);
        if (!r.IsEstimationMode && !c.IsEstimationMode)
        {
            return DriftDetector.Evaluate(FeatureSample.Numeric(reference.Name, r.SortedItems().Items, c.SortedItems().Items), method, options);
        }
        if (r.Count == 0 || c.Count == 0)
        {
            throw new DriftInputException($"column '{reference.Name}' has no values in the {(r.Count == 0 ? "reference" : "current")} data");
        }
        var ref_ = new WeightedSample(r);
        var cur = new WeightedSample(c);
        if (method == DriftMethod.Auto)
        {
            method = DriftMethods.Choose(true, r.Count, (int)Math.Min(int.MaxValue, Math.Max(reference.DistinctCount, current.DistinctCount)));
        }
        var statistic = method switch
        {
            DriftMethod.KolmogorovSmirnov => KolmogorovSmirnov(ref_, cur),
            DriftMethod.Wasserstein => new DriftStatistic(
                WassersteinArea(ref_, cur) / Math.Max(PopulationStd(reference.Moments!), WassersteinDistance.MinScale), null),
            DriftMethod.Psi or DriftMethod.JensenShannon => Binned(reference, ref_, cur, method),
            DriftMethod.ChiSquare => ChiSquareTest.Compute(ValueCounts(ref_, cur)),
            DriftMethod.ZTest => ZTest.Compute(ValueCounts(ref_, cur)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a drift method"),
        };
        var threshold = options.ThresholdFor(method);
        var drift = method.HasPValue() ? statistic.PValue < threshold : statistic.Statistic >= threshold;
        return new FeatureDrift(reference.Name, "numeric", method, statistic.Statistic, statistic.PValue, threshold, drift, r.Count, c.Count);
    }

    /// <summary>A column's shares per Sturges bin (numbers with more than 20 distinct reference values) or per value, for reports.</summary>
    public static ColumnShares Shares(ColumnProfile reference, ColumnProfile current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Type != ColumnType.Numeric)
        {
            var counts = Counts(reference, current);
            var (r, c) = DriftBinning.Shares(counts);
            return new ColumnShares(counts.Keys, r, c);
        }
        var (a, b) = (new WeightedSample(reference.Quantiles!), new WeightedSample(current.Quantiles!));
        if (reference.DistinctCount > DriftBinning.MaxDistinctForValues)
        {
            var edges = SturgesEdges(a, b);
            return ColumnShares.Binned(edges, a.Histogram(edges), b.Histogram(edges));
        }
        var values = ValueCounts(a, b);
        var (rv, cv) = DriftBinning.Shares(values);
        return new ColumnShares(values.Keys, rv, cv);
    }

    private static double[] SturgesEdges(WeightedSample a, WeightedSample b) =>
        DriftBinning.SturgesEdges(Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max), a.Total + b.Total);

    private static DriftStatistic KolmogorovSmirnov(WeightedSample a, WeightedSample b)
    {
        var d = 0.0;
        int i = 0, j = 0;
        while (i < a.Items.Length && j < b.Items.Length)
        {
            var x = Math.Min(a.Items[i], b.Items[j]);
            while (i < a.Items.Length && a.Items[i] <= x)
            {
                i++;
            }
            while (j < b.Items.Length && b.Items[j] <= x)
            {
                j++;
            }
            d = Math.Max(d, Math.Abs(a.Cdf(i) - b.Cdf(j)));
        }
        // As scipy.stats.ks_2samp's asymptotic path: the Kolmogorov distribution at en = round(n·m / (n + m)).
        var (n, m) = ((double)Math.Min(a.Total, b.Total), (double)Math.Max(a.Total, b.Total));
        var en = (long)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new DriftStatistic(d, Math.Clamp(KolmogorovDistribution.Survival(en, d), 0, 1));
    }

    // ∫ |F_a(x) − F_b(x)| dx over the merged support (scipy.stats.wasserstein_distance's CDF form).
    private static double WassersteinArea(WeightedSample a, WeightedSample b)
    {
        var area = 0.0;
        int i = 0, j = 0;
        var x = Math.Min(a.Items[0], b.Items[0]);
        while (i < a.Items.Length || j < b.Items.Length)
        {
            while (i < a.Items.Length && a.Items[i] <= x)
            {
                i++;
            }
            while (j < b.Items.Length && b.Items[j] <= x)
            {
                j++;
            }
            var next = Math.Min(i < a.Items.Length ? a.Items[i] : double.PositiveInfinity, j < b.Items.Length ? b.Items[j] : double.PositiveInfinity);
            if (double.IsPositiveInfinity(next))
            {
                break;
            }
            area += Math.Abs(a.Cdf(i) - b.Cdf(j)) * (next - x);
            x = next;
        }
        return area;
    }

    private static DriftStatistic Binned(ColumnProfile reference, WeightedSample a, WeightedSample b, DriftMethod method)
    {
        double[] shareA, shareB;
        if (reference.DistinctCount > DriftBinning.MaxDistinctForValues)
        {
            var edges = SturgesEdges(a, b);
            (shareA, shareB) = (a.Histogram(edges), b.Histogram(edges));
        }
        else
        {
            (shareA, shareB) = DriftBinning.Shares(ValueCounts(a, b));
        }
        return new DriftStatistic(method == DriftMethod.Psi
            ? PopulationStabilityIndex.Compute(shareA, shareB)
            : JensenShannonDistance.Compute(shareA, shareB), null);
    }

    private static CategoryCounts ValueCounts(WeightedSample a, WeightedSample b)
    {
        var counts = new SortedDictionary<double, (long Reference, long Current)>();
        a.AddCounts(counts, reference: true);
        b.AddCounts(counts, reference: false);
        return new CategoryCounts(
            [.. counts.Keys.Select(k => k.ToString("R", System.Globalization.CultureInfo.InvariantCulture))],
            [.. counts.Values.Select(v => v.Reference)], [.. counts.Values.Select(v => v.Current)]);
    }

    private static CategoryCounts Counts(ColumnProfile reference, ColumnProfile current)
    {
        var counts = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
        foreach (var (value, count) in reference.Frequencies!.Entries())
        {
            counts[value] = (count, 0);
        }
        foreach (var (value, count) in current.Frequencies!.Entries())
        {
            counts[value] = (counts.TryGetValue(value, out var seen) ? seen.Reference : 0, count);
        }
        return CategoryCounts.FromText(counts);
    }

    private static double PopulationStd(Moments moments) => Math.Sqrt(moments.M2 / moments.Count);

    private static string Lower(ColumnType type) => type.ToString().ToLowerInvariant();

    /// <summary>A sketch's retained items with cumulative weights: a weighted empirical distribution.</summary>
    private sealed class WeightedSample(KllSketch sketch)
    {
        private readonly long[] _cumulative = sketch.SortedItems().CumulativeWeights;

        public double[] Items { get; } = sketch.SortedItems().Items;

        public long Total => _cumulative[^1];

        /// <summary>The exact smallest value (a sketch keeps it even when the item is compacted away).</summary>
        public double Min { get; } = sketch.Min;

        /// <summary>The exact largest value.</summary>
        public double Max { get; } = sketch.Max;

        /// <summary>F at the point after the first <paramref name="count"/> items.</summary>
        public double Cdf(int count) => count == 0 ? 0 : (double)_cumulative[count - 1] / Total;

        /// <summary>Shares per bin with numpy.histogram's rule ([eᵢ, eᵢ₊₁), the last bin closed).</summary>
        public double[] Histogram(double[] edges)
        {
            var shares = new double[edges.Length - 1];
            var below = WeightBefore(edges[0], inclusive: false);
            for (var bin = 0; bin < shares.Length; bin++)
            {
                var upTo = WeightBefore(edges[bin + 1], inclusive: bin == shares.Length - 1);
                shares[bin] = (double)(upTo - below) / Total;
                below = upTo;
            }
            return shares;
        }

        public void AddCounts(SortedDictionary<double, (long Reference, long Current)> counts, bool reference)
        {
            for (var i = 0; i < Items.Length; i++)
            {
                var weight = _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);
                var seen = counts.GetValueOrDefault(Items[i]);
                counts[Items[i]] = reference ? (seen.Reference + weight, seen.Current) : (seen.Reference, seen.Current + weight);
            }
        }

        private long WeightBefore(double x, bool inclusive)
        {
            var index = inclusive ? UpperBound(x) : LowerBound(x);
            return index == 0 ? 0 : _cumulative[index - 1];
        }

        private int LowerBound(double x)
        {
            int lo = 0, hi = Items.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Items[mid] < x)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }

        private int UpperBound(double x)
        {
            int lo = 0, hi = Items.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Items[mid] <= x)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
