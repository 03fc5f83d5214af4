using Keel.Data;
using Keel.Data.Expressions;

namespace Keel.Registry;

/// <summary>
/// A release condition over a candidate's metrics, in Keel's expression language: <c>auc &gt;= 0.80</c>,
/// <c>f1 &gt;= champion.f1 - 0.01</c>. A bare name is the candidate's metric; <c>ALIAS.metric</c> is the metric of the
/// version that alias points at. A gate that refers to an alias holding no version (the first model ever) passes and
/// says so, as there is nothing to compare with; a gate that refers to a metric the model does not have fails.
/// Immutable and thread-safe.
/// </summary>
public sealed class ModelGate
{
    private ModelGate(Expression expression) => Expression = expression;

    /// <summary>The parsed condition.</summary>
    public Expression Expression { get; }

    /// <summary>The condition's text.</summary>
    public string Text => Expression.Text;

    /// <summary>The aliases the condition compares with (the part before the dot), in order of first mention.</summary>
    public IReadOnlyList<string> Aliases => Expression.ColumnNames
        .Where(n => n.Contains('.', StringComparison.Ordinal))
        .Select(n => n[..n.IndexOf('.', StringComparison.Ordinal)])
        .Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Parses a gate.</summary>
    /// <exception cref="ExpressionException">A syntax error; the message names the position.</exception>
    public static ModelGate Parse(string text) => new(Expression.Parse(text));

    /// <summary>
    /// Checks the gate: <paramref name="candidate"/> holds the candidate's metrics, <paramref name="others"/> the metrics
    /// of each alias's current version (an alias without a version is absent).
    /// </summary>
    public GateOutcome Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> others)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in Expression.ColumnNames)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                if (!candidate.TryGetValue(name, out var value))
                {
                    return new GateOutcome(Text, false, $"the candidate has no metric '{name}' (it has: {Names(candidate)})");
                }
                values[name] = value;
                continue;
            }
            var alias = name[..dot];
            var metric = name[(dot + 1)..];
            if (!others.TryGetValue(alias, out var holder))
            {
                return new GateOutcome(Text, true, $"no version holds alias '{alias}' yet: nothing to compare with");
            }
            if (!holder.TryGetValue(metric, out var other))
            {
                return new GateOutcome(Text, false, $"the version holding '{alias}' has no metric '{metric}' (it has: {Names(holder)})");
            }
            values[name] = other;
        }
        var names = values.Keys.ToArray();
        var schema = new Schema(names.Select(n => new ColumnSchema(n, ColumnType.Numeric)).ToArray());
        var frame = new Frame(schema, names.Select(n => (Column)new NumericColumn(n, [values[n]])).ToArray(), 1);
        BoundExpression bound;
        try
        {
            bound = Expression.Bind(schema);
        }
        catch (ExpressionException ex)
        {
            return new GateOutcome(Text, false, ex.Message);
        }
        if (bound.Kind != ValueKind.Boolean)
        {
            return new GateOutcome(Text, false, $"the gate is a {bound.Kind.ToString().ToLowerInvariant()} expression, not a condition (e.g. 'auc >= 0.8')");
        }
        Span<sbyte> result = stackalloc sbyte[1];
        bound.EvaluateBoolean(frame, result);
        var shown = string.Join(", ", names.Select(n => $"{n} = {values[n]:0.####}"));
        return result[0] switch
        {
            1 => new GateOutcome(Text, true, shown),
            0 => new GateOutcome(Text, false, shown),
            _ => new GateOutcome(Text, false, $"a metric is missing (NaN): {shown}"),
        };
    }

    private static string Names(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Count == 0 ? "none" : string.Join(", ", metrics.Keys.Order(StringComparer.Ordinal));
}

/// <summary>The result of checking one <see cref="ModelGate"/>: the condition, whether it held, and the values it saw.</summary>
public sealed record GateOutcome(string Gate, bool Passed, string Detail);
