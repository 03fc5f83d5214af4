using Keel.Data;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Compares a current dataset with a reference column by column and decides dataset drift, following Evidently's
/// data-drift defaults (method choice, thresholds, drift share). Thread-safe: it holds no state.
/// </summary>
public static class DriftDetector
{
    /// <summary>Runs <paramref name="method"/> (or the automatic choice) on one column and gives its verdict.</summary>
    /// <exception cref="DriftInputException">The method cannot run on this column's type, or a side has no values.</exception>
    public static FeatureDrift Evaluate(FeatureSample sample, DriftMethod method, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(options);
        if (sample.ReferenceCount == 0 || sample.CurrentCount == 0)
        {
            throw new DriftInputException($"column '{sample.Name}' has no values in the {(sample.ReferenceCount == 0 ? "reference" : "current")} data");
        }
        if (method == DriftMethod.Auto)
        {
            method = DriftMethods.Choose(sample.IsNumeric, sample.ReferenceCount, sample.DistinctValues());
        }
        else if (!method.AppliesTo(sample.IsNumeric))
        {
            throw new DriftInputException($"{method.Name()} needs a numeric column; '{sample.Name}' is {sample.Type}");
        }
        var result = Run(sample, method);
        var threshold = options.ThresholdFor(method);
        var drift = method.HasPValue() ? result.PValue < threshold : result.Statistic >= threshold;
        return new FeatureDrift(sample.Name, sample.Type, method, result.Statistic, result.PValue, threshold, drift,
            sample.ReferenceCount, sample.CurrentCount);
    }

    /// <summary>The statistic of <paramref name="method"/> (not <see cref="DriftMethod.Auto"/>) on one column.</summary>
    public static DriftStatistic Run(FeatureSample sample, DriftMethod method)
    {
        ArgumentNullException.ThrowIfNull(sample);
        switch (method)
        {
            case DriftMethod.KolmogorovSmirnov:
                return KolmogorovSmirnovTest.Compute(sample.SortedReference, sample.SortedCurrent);
            case DriftMethod.Wasserstein:
                return new DriftStatistic(WassersteinDistance.ComputeNormed(sample.SortedReference, sample.SortedCurrent), null);
            case DriftMethod.ChiSquare:
                return ChiSquareTest.Compute(sample.Counts);
            case DriftMethod.ZTest:
                return ZTest.Compute(sample.Counts);
            case DriftMethod.Psi:
            case DriftMethod.JensenShannon:
                var (reference, current) = sample.Shares();
                var value = method == DriftMethod.Psi
                    ? PopulationStabilityIndex.Compute(reference, current)
                    : JensenShannonDistance.Compute(reference, current);
                return new DriftStatistic(value, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "choose a method first");
        }
    }

    /// <summary>
    /// Compares every column of <paramref name="reference"/> (or <see cref="DriftOptions.Columns"/>) with the same
    /// column of <paramref name="current"/>. Numeric columns are compared as numbers, categorical and boolean ones by
    /// value text; missing values are dropped; text and timestamp columns are skipped. Columns run in parallel.
    /// </summary>
    /// <exception cref="DriftInputException">A column is missing from one side, has different types, or cannot take its method.</exception>
    public static DriftReport Compare(Frame reference, Frame current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        var names = options.Columns ?? reference.Schema.Columns.Select(c => c.Name).Where(n => current.Schema.IndexOf(n) >= 0).ToList();
        if (options.Columns is null && options.PredictionColumn is not null && !names.Contains(options.PredictionColumn))
        {
            names = [.. names, options.PredictionColumn];
        }
        foreach (var column in options.ColumnMethods.Keys)
        {
            if (!names.Contains(column))
            {
                throw new DriftInputException($"a method is set for column '{column}', which is not compared");
            }
        }
        var skipped = new List<(string, string)>();
        var samples = new List<(string Name, Column Reference, Column Current)>();
        foreach (var name in names)
        {
            var r = reference.Schema.IndexOf(name) >= 0 ? reference[name] : throw new DriftInputException($"no column '{name}' in the reference data");
            var c = current.Schema.IndexOf(name) >= 0 ? current[name] : throw new DriftInputException($"no column '{name}' in the current data");
            if (r.Type != c.Type)
            {
                throw new DriftInputException($"column '{name}' is {r.Type.ToString().ToLowerInvariant()} in the reference but {c.Type.ToString().ToLowerInvariant()} in the current data");
            }
            if (r.Type is ColumnType.Text or ColumnType.Timestamp)
            {
                skipped.Add((name, $"{r.Type.ToString().ToLowerInvariant()} columns are not tested for drift"));
                continue;
            }
            samples.Add((name, r, c));
        }
        var results = new FeatureDrift?[samples.Count];
        var errors = new string?[samples.Count];
        var pool = new SampleBufferPool();
        Parallel.For(0, samples.Count, i =>
        {
            var (name, r, c) = samples[i];
            var sample = Sample(name, r, c, pool);
            try
            {
                if (sample.ReferenceCount == 0 || sample.CurrentCount == 0)
                {
                    errors[i] = sample.ReferenceCount == 0 ? "no values in the reference data" : "no values in the current data";
                    return;
                }
                var explicitMethod = options.ColumnMethods.TryGetValue(name, out var m);
                var method = explicitMethod ? m : options.Method.AppliesTo(sample.IsNumeric) ? options.Method : DriftMethod.Auto;
                results[i] = Evaluate(sample, method, options);
            }
            finally
            {
                sample.Recycle();
            }
        });
        var features = new List<FeatureDrift>();
        FeatureDrift? prediction = null;
        for (var i = 0; i < samples.Count; i++)
        {
            if (errors[i] is { } reason)
            {
                skipped.Add((samples[i].Name, reason));
            }
            else if (samples[i].Name == options.PredictionColumn)
            {
                prediction = results[i];
            }
            else
            {
                features.Add(results[i]!);
            }
        }
        return new DriftReport(features, prediction, skipped, options.DriftShare);
    }

    /// <summary>The values of one column on both sides, missing values dropped.</summary>
    public static FeatureSample Sample(string name, Column reference, Column current) => Sample(name, reference, current, null);

    /// <summary>
    /// <see cref="Sample(string, Column, Column)"/>, a numeric sample's copies taken from <paramref name="pool"/> when
    /// one is given (the caller then calls <see cref="FeatureSample.Recycle"/> when done with it).
    /// </summary>
    internal static FeatureSample Sample(string name, Column reference, Column current, SampleBufferPool? pool)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        switch (reference, current)
        {
            case (NumericColumn r, NumericColumn c):
                return pool is null ? FeatureSample.Numeric(name, r.Values, c.Values) : FeatureSample.Numeric(name, r.Values, c.Values, pool);
            case (CategoricalColumn r, CategoricalColumn c):
                var counts = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
                AddCodes(counts, r, reference: true);
                AddCodes(counts, c, reference: false);
                return FeatureSample.Categorical(name, CategoryCounts.FromText(counts));
            case (BooleanColumn r, BooleanColumn c):
                var booleans = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
                AddBooleans(booleans, r.Values, reference: true);
                AddBooleans(booleans, c.Values, reference: false);
                return FeatureSample.Categorical(name, CategoryCounts.FromText(booleans), "boolean");
            default:
                throw new DriftInputException($"column '{name}': cannot compare {reference.Type} with {current.Type}");
        }
    }

    private static void AddCodes(Dictionary<string, (long Reference, long Current)> counts, CategoricalColumn column, bool reference)
    {
        var perCode = new long[column.Categories.Count];
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                perCode[code]++;
            }
        }
        for (var code = 0; code < perCode.Length; code++)
        {
            if (perCode[code] > 0)
            {
                Add(counts, column.Categories[code], perCode[code], reference);
            }
        }
    }

    private static void AddBooleans(Dictionary<string, (long Reference, long Current)> counts, sbyte[] values, bool reference)
    {
        long falses = 0, trues = 0;
        foreach (var v in values)
        {
            falses += v == 0 ? 1 : 0;
            trues += v == 1 ? 1 : 0;
        }
        if (falses > 0)
        {
            Add(counts, "false", falses, reference);
        }
        if (trues > 0)
        {
            Add(counts, "true", trues, reference);
        }
    }

    private static void Add(Dictionary<string, (long Reference, long Current)> counts, string key, long n, bool reference)
    {
        counts.TryGetValue(key, out var existing);
        counts[key] = reference ? (existing.Reference + n, existing.Current) : (existing.Reference, existing.Current + n);
    }
}
