using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Data.Quality;

/// <summary>
/// Data quality checks declared in a YAML file, run streaming over an input's chunks. Immutable and
/// thread-safe; each <see cref="CreateRun"/> starts independent state.
/// </summary>
/// <remarks>
/// <para>The file is a mapping with one key, <c>checks</c>, holding a list of checks. Every check has a
/// <c>type</c> and may have a <c>name</c> (unique in the file; default "type(columns)") and a <c>severity</c>
/// (<c>error</c>, the default, or <c>warning</c>: a failing warning does not fail the run). The types and
/// their fields:</para>
/// <list type="bullet">
/// <item><c>completeness</c>: <c>column</c>, <c>min_ratio</c> (0..1, default 1): share of rows with a value.</item>
/// <item><c>range</c>: <c>column</c>, <c>min</c> and/or <c>max</c>, inclusive; numbers, or ISO 8601 instants for a timestamp column.</item>
/// <item><c>allowed_values</c>: <c>column</c>, <c>values</c> (list); text, categorical or numeric columns.</item>
/// <item><c>pattern</c>: <c>column</c>, <c>regex</c> (.NET syntax, found anywhere in the value); text or categorical columns.</item>
/// <item><c>unique</c>: <c>columns</c> (list, a compound key) or <c>column</c>; rows with a missing key value are skipped.</item>
/// <item><c>duplicate_rows</c>: no fields; no row equals an earlier one in every column.</item>
/// <item><c>column_type</c>: <c>column</c>, <c>expected</c> (numeric, integer, boolean, timestamp, categorical, text), optional <c>format</c> for timestamps.</item>
/// <item><c>freshness</c>: <c>column</c> (timestamp), <c>max_age</c> (e.g. 30m, 24h, 7d, 1d12h).</item>
/// <item><c>row_count</c>: <c>min</c> and/or <c>max</c>.</item>
/// <item><c>rule</c>: <c>expression</c> (see <see cref="Expressions.Expression"/>); rows where it is false fail, rows where it is null do not.</item>
/// </list>
/// <para>Unknown types and fields are errors. Errors name the file, line and column, the check's number and
/// type, and the field: <c>checks.yaml:7:10: check 3 (range): 'min' must be a number or an ISO 8601 timestamp, got 'abc'</c>.</para>
/// </remarks>
public sealed class QualitySuite
{
    private static readonly string[] Types =
        ["allowed_values", "column_type", "completeness", "duplicate_rows", "freshness", "pattern", "range", "row_count", "rule", "unique"];

    private QualitySuite(string sourceName, IReadOnlyList<QualityCheck> checks)
    {
        SourceName = sourceName;
        Checks = checks;
    }

    /// <summary>The file the checks came from, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The checks, in file order.</summary>
    public IReadOnlyList<QualityCheck> Checks { get; }

    /// <summary>Reads a checks file; errors name it by <paramref name="path"/>'s file name.</summary>
    /// <exception cref="QualitySuiteException">The file is not a valid checks file.</exception>
    public static QualitySuite Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses checks from YAML text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="sourceName">Names the source in error messages, e.g. "checks.yaml".</param>
    /// <exception cref="QualitySuiteException">Every problem found, each with its line and column.</exception>
    public static QualitySuite Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var errors = new List<string>();
        var checks = new List<QualityCheck>();
        var root = LoadRoot(text, sourceName, errors);
        if (root is not null)
        {
            ReadChecks(root, sourceName, errors, checks);
        }
        if (errors.Count > 0)
        {
            throw new QualitySuiteException(sourceName, errors);
        }
        return new QualitySuite(sourceName, checks);
    }

    /// <summary>
    /// Starts a run over input with <paramref name="schema"/>: resolves every check's columns and expressions.
    /// </summary>
    /// <param name="schema">The schema every chunk passed to <see cref="QualityRun.Observe"/> will have.</param>
    /// <param name="clock">Source of "now" for freshness, read when the run completes.</param>
    /// <exception cref="QualitySuiteException">Checks that do not fit the schema (unknown columns, wrong types), all listed.</exception>
    public QualityRun CreateRun(Schema schema, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new List<string>();
        var evaluators = new List<CheckEvaluator>(Checks.Count);
        foreach (var check in Checks)
        {
            try
            {
                evaluators.Add(check.Start(schema, clock));
            }
            catch (CheckBindException e)
            {
                errors.Add($"{check.Header.Describe(e.Where)}: {e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            throw new QualitySuiteException(SourceName, errors);
        }
        return new QualityRun(schema, evaluators);
    }

    private static YamlMappingNode? LoadRoot(string text, string sourceName, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var problem = e.InnerException?.Message ?? e.Message;
            errors.Add($"{sourceName}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {Trim(problem)}");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            errors.Add($"{sourceName}: the file is empty; expected a mapping with a 'checks' list");
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            errors.Add($"{sourceName}:{node.Start.Line}:{node.Start.Column}: expected a mapping with a 'checks' list");
            return null;
        }
        return root;
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is already given.
    private static string Trim(string message)
    {
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }

    private static void ReadChecks(YamlMappingNode root, string sourceName, List<string> errors, List<QualityCheck> checks)
    {
        YamlSequenceNode? list = null;
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name != "checks")
            {
                errors.Add($"{sourceName}:{key.Start.Line}:{key.Start.Column}: unknown top-level field '{name}'; the file has one field, 'checks'");
            }
            else if (value is YamlSequenceNode sequence)
            {
                list = sequence;
            }
            else if (value is not YamlScalarNode { Value: null or "" })
            {
                errors.Add($"{sourceName}:{value.Start.Line}:{value.Start.Column}: 'checks' must be a list of checks");
            }
        }
        if (list is null)
        {
            if (errors.Count == 0 && !root.Children.ContainsKey(new YamlScalarNode("checks")))
            {
                errors.Add($"{sourceName}:{root.Start.Line}:{root.Start.Column}: expected a 'checks' list");
            }
            return;
        }
        ReadCheckList(list, sourceName, errors, checks);
    }

    /// <summary>
    /// Parses a list of checks embedded in another YAML file (a pipeline's <c>checks:</c>), keeping that file's line
    /// numbers in messages.
    /// </summary>
    /// <exception cref="QualitySuiteException">Every problem found.</exception>
    internal static QualitySuite FromList(YamlSequenceNode list, string sourceName)
    {
        var errors = new List<string>();
        var checks = new List<QualityCheck>();
        ReadCheckList(list, sourceName, errors, checks);
        if (errors.Count > 0)
        {
            throw new QualitySuiteException(sourceName, errors);
        }
        return new QualitySuite(sourceName, checks);
    }

    private static void ReadCheckList(YamlSequenceNode list, string sourceName, List<string> errors, List<QualityCheck> checks)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var node = list.Children[i];
            if (node is not YamlMappingNode mapping)
            {
                errors.Add($"{sourceName}:{node.Start.Line}:{node.Start.Column}: check {i + 1}: expected a mapping with a 'type'");
                continue;
            }
            if (ReadCheck(mapping, sourceName, i + 1, names, errors) is { } check)
            {
                checks.Add(check);
            }
        }
    }

    private static QualityCheck? ReadCheck(YamlMappingNode mapping, string sourceName, int number, Dictionary<string, int> names, List<string> errors)
    {
        var where = new SourceSpot(sourceName, mapping.Start.Line, mapping.Start.Column);
        var typeNode = mapping.Children.TryGetValue(new YamlScalarNode("type"), out var t) ? t as YamlScalarNode : null;
        var type = typeNode?.Value;
        if (type is null || !Types.Contains(type))
        {
            var at = typeNode is null ? where : new SourceSpot(sourceName, typeNode.Start.Line, typeNode.Start.Column);
            errors.Add(type is null
                ? $"{at}: check {number}: 'type' is required; the types are: {string.Join(", ", Types)}"
                : $"{at}: check {number}: unknown check type '{type}'; the types are: {string.Join(", ", Types)}");
            return null;
        }
        var fields = new CheckFields(mapping, sourceName, number, type, errors);
        var before = fields.ErrorCount;
        var severity = ReadSeverity(fields);
        var explicitName = fields.Text("name", required: false);
        var header = new CheckHeader(where, number, type, explicitName ?? "", severity);
        QualityCheck? check = type switch
        {
            "completeness" => CompletenessCheck.Read(header, fields),
            "range" => RangeCheck.Read(header, fields),
            "allowed_values" => AllowedValuesCheck.Read(header, fields),
            "pattern" => PatternCheck.Read(header, fields),
            "unique" => UniqueCheck.Read(header, fields),
            "duplicate_rows" => DuplicateRowsCheck.Read(header, fields),
            "column_type" => ColumnTypeCheck.Read(header, fields),
            "freshness" => FreshnessCheck.Read(header, fields),
            "row_count" => RowCountCheck.Read(header, fields),
            _ => RuleCheck.Read(header, fields),
        };
        fields.Finish();
        if (check is null || fields.ErrorCount > before)
        {
            return null;
        }
        var name = explicitName ?? DefaultName(check, names);
        if (names.TryGetValue(name, out var other))
        {
            fields.Error(fields.SpotOf("name"), $"name '{name}' is already used by check {other}");
            return null;
        }
        names.Add(name, number);
        return check.WithName(name);
    }

    private static CheckSeverity ReadSeverity(CheckFields fields)
    {
        switch (fields.Text("severity", required: false))
        {
            case null or "error":
                return CheckSeverity.Error;
            case "warning":
                return CheckSeverity.Warning;
            case var other:
                fields.Error(fields.SpotOf("severity"), $"'severity' must be error or warning, got '{other}'");
                return CheckSeverity.Error;
        }
    }

    /// <summary>"range(age)", "unique(customer_id, day)", "row_count"; "#2", "#3" added when the same check appears twice.</summary>
    private static string DefaultName(QualityCheck check, Dictionary<string, int> names)
    {
        var name = check.Type == "rule" || check.Columns.Count == 0 ? check.Type : $"{check.Type}({string.Join(", ", check.Columns)})";
        if (check is RuleCheck rule)
        {
            name = $"rule({rule.Expression.Text})";
        }
        var candidate = name;
        for (var n = 2; names.ContainsKey(candidate); n++)
        {
            candidate = $"{name} #{n}";
        }
        return candidate;
    }
}
