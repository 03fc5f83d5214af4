using Keel.Data.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Learning.Transforms;

/// <summary>
/// A <c>transforms.yaml</c> file: an ordered list of transform specs, to fit with
/// <see cref="TransformPipeline.FitTransform"/>. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>The file is a mapping with one key, <c>transforms</c>, holding a list. Every entry has a <c>kind</c>;
/// most take <c>columns</c> (a list, or one name). The kinds and their fields (defaults in parentheses):</para>
/// <list type="bullet">
/// <item><c>impute</c>: <c>strategy</c> (mean) mean | median | most_frequent | constant, <c>value</c> (required for constant), <c>add_indicator</c> (false).</item>
/// <item><c>scale</c>: <c>method</c> (standard) standard | minmax | robust.</item>
/// <item><c>one_hot</c>: <c>max_categories</c> (none, at least 2).</item>
/// <item><c>ordinal</c>: no other field.</item>
/// <item><c>target_encode</c>: <c>target</c> (the pipeline's label), <c>positive</c>, <c>smoothing</c> (10), <c>folds</c> (5), <c>seed</c> (the pipeline's).</item>
/// <item><c>bin</c>: <c>method</c> (quantile) uniform | quantile, <c>bins</c> (5).</item>
/// <item><c>log</c>: <c>invalid</c> (error) error | missing.</item>
/// <item><c>clip</c>: <c>min</c> and/or <c>max</c>.</item>
/// <item><c>winsorize</c>: <c>lower</c> (0.01), <c>upper</c> (0.99).</item>
/// <item><c>derive</c>: <c>name</c>, <c>expression</c> (no <c>columns</c>).</item>
/// <item><c>lookup</c>: <c>table</c>, <c>on</c> (key columns), <c>columns</c> (every non-key column), <c>prefix</c> ("").</item>
/// </list>
/// <para>Unknown kinds and fields are errors. Errors name the file, line and column, the transform's number and
/// kind, and the field: <c>transforms.yaml:7:14: transform 3 (scale): 'method' must be one of standard, minmax, robust, got 'z'</c>.</para>
/// </remarks>
public sealed class TransformFile
{
    private static readonly string[] Kinds =
        ["bin", "clip", "derive", "impute", "log", "lookup", "one_hot", "ordinal", "scale", "target_encode", "winsorize"];

    private TransformFile(string sourceName, IReadOnlyList<TransformSpec> specs)
    {
        SourceName = sourceName;
        Specs = specs;
    }

    /// <summary>The file the specs came from, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The specs, in file order.</summary>
    public IReadOnlyList<TransformSpec> Specs { get; }

    /// <summary>Reads a transforms file; errors name it by <paramref name="path"/>'s file name.</summary>
    /// <exception cref="TransformFileException">The file is not a valid transforms file.</exception>
    public static TransformFile Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses transform specs from YAML text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="sourceName">Names the source in error messages, e.g. "transforms.yaml".</param>
    /// <exception cref="TransformFileException">Every problem found, each with its line and column.</exception>
    public static TransformFile Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var errors = new List<string>();
        var specs = new List<TransformSpec>();
        if (LoadList(text, sourceName, errors) is { } list)
        {
            ReadList(list, sourceName, errors, specs);
        }
        if (errors.Count > 0)
        {
            throw new TransformFileException(sourceName, errors);
        }
        return new TransformFile(sourceName, specs);
    }

    /// <summary>
    /// Parses a list of transforms embedded in another YAML file (a pipeline's <c>prepare:</c>), keeping that file's
    /// line numbers in messages.
    /// </summary>
    /// <exception cref="TransformFileException">Every problem found.</exception>
    internal static TransformFile FromList(YamlSequenceNode list, string sourceName)
    {
        var errors = new List<string>();
        var specs = new List<TransformSpec>();
        ReadList(list, sourceName, errors, specs);
        if (errors.Count > 0)
        {
            throw new TransformFileException(sourceName, errors);
        }
        return new TransformFile(sourceName, specs);
    }

    private static void ReadList(YamlSequenceNode list, string sourceName, List<string> errors, List<TransformSpec> specs)
    {
        for (var i = 0; i < list.Children.Count; i++)
        {
            var node = list.Children[i];
            if (node is not YamlMappingNode mapping)
            {
                errors.Add($"{sourceName}:{node.Start.Line}:{node.Start.Column}: transform {i + 1}: expected a mapping with a 'kind'");
            }
            else if (ReadSpec(mapping, sourceName, i + 1, errors) is { } spec)
            {
                specs.Add(spec);
            }
        }
    }

    private static YamlSequenceNode? LoadList(string text, string sourceName, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var problem = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is already given.
            var cut = problem.LastIndexOf("): ", StringComparison.Ordinal);
            problem = cut >= 0 && problem.StartsWith("(Line", StringComparison.Ordinal) ? problem[(cut + 3)..] : problem;
            errors.Add($"{sourceName}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {problem}");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count == 0 ? "" : $":{stream.Documents[0].RootNode.Start.Line}:{stream.Documents[0].RootNode.Start.Column}";
            errors.Add($"{sourceName}{at}: expected a mapping with a 'transforms' list");
            return null;
        }
        YamlSequenceNode? list = null;
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name != "transforms")
            {
                errors.Add($"{sourceName}:{key.Start.Line}:{key.Start.Column}: unknown top-level field '{name}'; the file has one field, 'transforms'");
            }
            else if (value is YamlSequenceNode sequence)
            {
                list = sequence;
            }
            else if (value is not YamlScalarNode { Value: null or "" })
            {
                errors.Add($"{sourceName}:{value.Start.Line}:{value.Start.Column}: 'transforms' must be a list of transforms");
            }
        }
        if (list is null && errors.Count == 0 && !root.Children.ContainsKey(new YamlScalarNode("transforms")))
        {
            errors.Add($"{sourceName}:{root.Start.Line}:{root.Start.Column}: expected a 'transforms' list");
        }
        return list;
    }

    private static TransformSpec? ReadSpec(YamlMappingNode mapping, string sourceName, int number, List<string> errors)
    {
        var kindNode = mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var k) ? k as YamlScalarNode : null;
        var kind = kindNode?.Value;
        if (kind is null || !Kinds.Contains(kind))
        {
            var at = (YamlNode?)kindNode ?? mapping;
            errors.Add(kind is null
                ? $"{sourceName}:{at.Start.Line}:{at.Start.Column}: transform {number}: 'kind' is required; the kinds are: {string.Join(", ", Kinds)}"
                : $"{sourceName}:{at.Start.Line}:{at.Start.Column}: transform {number}: unknown kind '{kind}'; the kinds are: {string.Join(", ", Kinds)}");
            return null;
        }
        var f = new SpecFields(mapping, sourceName, number, kind, errors);
        var before = f.ErrorCount;
        var spec = kind switch
        {
            "derive" => ReadDerive(f, mapping),
            "lookup" => ReadLookup(f),
            _ => ReadColumnSpec(f, kind),
        };
        f.Finish();
        return f.ErrorCount > before ? null : spec;
    }

    private static TransformSpec? ReadColumnSpec(SpecFields f, string kind)
    {
        var columns = f.List("columns", required: true) ?? [];
        var at = f.Where;
        switch (kind)
        {
            case "impute":
                var strategy = f.Choice("strategy", "mean", "mean", "median", "most_frequent", "constant");
                var value = f.Text("value", required: strategy == "constant");
                if (value is not null && strategy != "constant")
                {
                    f.Error(f.SpotOf("value"), "'value' is only used with strategy: constant");
                }
                return strategy is null ? null : new ImputeSpec(at, columns, strategy, value, f.Bool("add_indicator", false));
            case "scale":
                return f.Choice("method", "standard", "standard", "minmax", "robust") is { } method ? new ScaleSpec(at, columns, method) : null;
            case "one_hot":
                var max = f.Int("max_categories", 0, min: 2);
                return new OneHotSpec(at, columns, max == 0 ? null : max);
            case "ordinal":
                return new OrdinalSpec(at, columns);
            case "target_encode":
                var target = f.Text("target", required: false);
                var positive = f.Text("positive", required: false);
                var smoothing = f.Number("smoothing") ?? 10;
                if (smoothing < 0)
                {
                    f.Error(f.SpotOf("smoothing"), "'smoothing' must be ≥ 0");
                }
                var folds = f.Int("folds", 5, min: 2);
                int? seed = f.Text("seed", required: false) is null ? null : f.Int("seed", 0, int.MinValue);
                return new TargetEncodeSpec(at, columns, target, positive, smoothing, folds, seed);
            case "bin":
                var binning = f.Choice("method", "quantile", "uniform", "quantile");
                var bins = f.Int("bins", 5, min: 2, max: 10_000);
                return binning is null ? null : new BinSpec(at, columns, binning, bins);
            case "log":
                return f.Choice("invalid", "error", "error", "missing") is { } invalid ? new LogSpec(at, columns, invalid == "missing") : null;
            case "clip":
                var min = f.Number("min");
                var maxValue = f.Number("max");
                if (min is null && maxValue is null && f.ErrorCount == 0)
                {
                    f.Error(at, "clip needs 'min', 'max' or both");
                }
                else if (min > maxValue)
                {
                    f.Error(f.SpotOf("min"), $"'min' ({min}) is greater than 'max' ({maxValue})");
                }
                return new ClipSpec(at, columns, min, maxValue);
            default:
                var lower = f.Number("lower") ?? 0.01;
                var upper = f.Number("upper") ?? 0.99;
                if (!(lower >= 0 && lower < upper && upper <= 1))
                {
                    f.Error(f.SpotOf("lower"), $"'lower' and 'upper' must be quantiles with 0 ≤ lower < upper ≤ 1, got {lower} and {upper}");
                }
                return new WinsorizeSpec(at, columns, lower, upper);
        }
    }

    private static DeriveSpec? ReadDerive(SpecFields f, YamlMappingNode mapping)
    {
        var name = f.Text("name", required: true);
        var text = f.Text("expression", required: true);
        if (name is null || text is null)
        {
            return null;
        }
        try
        {
            return new DeriveSpec(f.Where, name, Expression.Parse(text));
        }
        catch (ExpressionException e)
        {
            var at = f.SpotOf("expression");
            // In a plain (unquoted) one-line scalar the expression's characters sit at known columns: point at the culprit.
            if (mapping.Children[new YamlScalarNode("expression")] is YamlScalarNode { Style: ScalarStyle.Plain } node && e.Position > 0 && node.Start.Line == node.End.Line)
            {
                at = at with { Column = node.Start.Column + e.Position - 1 };
            }
            f.Error(at, $"'expression' does not parse: {e.Message}");
            return null;
        }
    }

    private static LookupSpec? ReadLookup(SpecFields f)
    {
        var table = f.Text("table", required: true);
        var keys = f.List("on", required: true);
        var columns = f.List("columns", required: false);
        var prefix = f.Text("prefix", required: false) ?? "";
        if (keys is not null && columns is not null && columns.FirstOrDefault(keys.Contains) is { } both)
        {
            f.Error(f.SpotOf("columns"), $"'{both}' is a key ('on'); the keys are not added again");
        }
        return table is null || keys is null ? null : new LookupSpec(f.Where, table, keys, columns, prefix);
    }
}
