using Keel.Data;

namespace Keel.Learning;

/// <summary>One input of a model as the encoder fitted it.</summary>
/// <param name="Name">The source column.</param>
/// <param name="Kind">Numeric (numbers, booleans as 0/1) or categorical.</param>
/// <param name="Categories">For categorical features, the training categories; code = position. Empty otherwise.</param>
public sealed record FeatureSpec(string Name, FeatureKind Kind, IReadOnlyList<string> Categories);

/// <summary>
/// Turns frames into the <see cref="FeatureMatrix"/> learners take, the same way at training and at serving time.
/// Fitted on training data: every column with the feature role becomes a feature — numeric as is, boolean as
/// 0/1, categorical as codes into the training categories (a category not seen in training, or a missing value,
/// becomes NaN, which learners treat as missing). Text and timestamp columns are not used directly (they need a
/// transform first) and are listed in <see cref="Skipped"/> with the reason. Immutable and thread-safe.
/// </summary>
public sealed class FeatureEncoder
{
    private readonly Dictionary<string, int>[] _codes;
    private readonly string[] _names;
    private readonly FeatureKind[] _kinds;
    private readonly int[] _counts;

    private FeatureEncoder(IReadOnlyList<FeatureSpec> features, IReadOnlyList<(string Column, string Reason)> skipped)
    {
        Features = features;
        Skipped = skipped;
        _codes = features.Select(f => f.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal)).ToArray();
        _names = [.. features.Select(f => f.Name)];
        _kinds = [.. features.Select(f => f.Kind)];
        // A categorical feature seen with no category at all still needs k ≥ 1 (every value is then missing).
        _counts = [.. features.Select(f => f.Kind == FeatureKind.Categorical ? Math.Max(1, f.Categories.Count) : 0)];
    }

    /// <summary>The features, in model input order.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Columns with the feature role that are not used, and why.</summary>
    public IReadOnlyList<(string Column, string Reason)> Skipped { get; }

    /// <summary>Creates an encoder from stored specs (a model file).</summary>
    public static FeatureEncoder FromSpecs(IReadOnlyList<FeatureSpec> features) => new(features, []);

    /// <summary>Fits on <paramref name="train"/>; <paramref name="exclude"/> names columns never used as features (the label).</summary>
    /// <exception cref="ArgumentException">No usable feature is left.</exception>
    public static FeatureEncoder Fit(Frame train, IReadOnlyCollection<string> exclude)
    {
        var features = new List<FeatureSpec>();
        var skipped = new List<(string, string)>();
        for (var j = 0; j < train.Schema.Count; j++)
        {
            var column = train.Schema[j];
            if (column.Role != ColumnRole.Feature || exclude.Contains(column.Name))
            {
                continue;
            }
            switch (column.Type)
            {
                case ColumnType.Numeric:
                case ColumnType.Boolean:
                    features.Add(new FeatureSpec(column.Name, FeatureKind.Numeric, []));
                    break;
                case ColumnType.Categorical:
                    var categorical = (CategoricalColumn)train.Columns[j];
                    features.Add(new FeatureSpec(column.Name, FeatureKind.Categorical, UsedCategories(categorical)));
                    break;
                case ColumnType.Text:
                    skipped.Add((column.Name, "free text (too many distinct values to be a category); derive features from it or pin it as categorical"));
                    break;
                case ColumnType.Timestamp:
                    skipped.Add((column.Name, "a timestamp; derive features from it (e.g. age in days) or give it the timestamp role"));
                    break;
            }
        }
        if (features.Count == 0)
        {
            throw new ArgumentException("no usable feature columns: every column is the label, has a non-feature role, or is text or a timestamp");
        }
        return new FeatureEncoder(features, skipped);
    }

    /// <summary>Categories that occur in the column, in code order (a chunk dictionary may hold unused entries).</summary>
    private static string[] UsedCategories(CategoricalColumn column)
    {
        var used = new bool[column.Categories.Count];
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                used[code] = true;
            }
        }
        return column.Categories.Where((_, k) => used[k]).ToArray();
    }

    /// <summary>Encodes <paramref name="frame"/>; it must have every feature column, with a compatible type.</summary>
    /// <exception cref="ArgumentException">A feature column is absent or has an incompatible type (the message names it).</exception>
    public FeatureMatrix Encode(Frame frame)
    {
        var columns = new double[Features.Count][];
        for (var f = 0; f < Features.Count; f++)
        {
            var spec = Features[f];
            var index = frame.Schema.IndexOf(spec.Name);
            if (index < 0)
            {
                throw new ArgumentException($"feature column '{spec.Name}' is missing from the data");
            }
            columns[f] = frame.Columns[index] switch
            {
                NumericColumn n when spec.Kind == FeatureKind.Numeric => n.Values,
                BooleanColumn b when spec.Kind == FeatureKind.Numeric => FromBooleans(b.Values),
                CategoricalColumn c when spec.Kind == FeatureKind.Categorical => FromCodes(c, _codes[f]),
                TextColumn t when spec.Kind == FeatureKind.Categorical => FromText(t, _codes[f]),
                var other => throw new ArgumentException($"feature column '{spec.Name}' is {other.Type.ToString().ToLowerInvariant()}, but the model was trained on a {(spec.Kind == FeatureKind.Numeric ? "numeric" : "categorical")} column"),
            };
        }
        return FeatureMatrix.Shared(_names, columns, _kinds, _counts);
    }

    private static double[] FromBooleans(sbyte[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] < 0 ? double.NaN : values[i];
        }
        return result;
    }

    private static double[] FromCodes(CategoricalColumn column, Dictionary<string, int> codes)
    {
        // Map the chunk's dictionary once, then the rows.
        var map = new double[column.Categories.Count];
        for (var k = 0; k < map.Length; k++)
        {
            map[k] = codes.TryGetValue(column.Categories[k], out var code) ? code : double.NaN;
        }
        var result = new double[column.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var code = column.Codes[i];
            result[i] = code < 0 ? double.NaN : map[code];
        }
        return result;
    }

    private static double[] FromText(TextColumn column, Dictionary<string, int> codes)
    {
        var result = new double[column.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var value = column.Values[i];
            result[i] = value is not null && codes.TryGetValue(value, out var code) ? code : double.NaN;
        }
        return result;
    }
}
