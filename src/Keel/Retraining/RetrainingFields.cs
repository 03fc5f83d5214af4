using System.Globalization;
using Keel.Data;
using Keel.Data.Quality;
using YamlDotNet.RepresentationModel;

namespace Keel.Retraining;

/// <summary>Typed, located access to one mapping of a retraining policy file; see <see cref="YamlFields{TSpot}"/>.</summary>
internal sealed class RetrainingFields(YamlMappingNode node, string source, string subject, List<string> errors, IEnumerable<string>? known = null)
    : YamlFields<SourceSpot>(node, source, errors, known ?? [])
{
    /// <summary>The mapping's name in messages: <c>policy</c>, <c>guardrails</c>, <c>triggers[2]</c>, <c>release.canary</c>.</summary>
    public string Name => subject;

    protected override string Subject => subject;

    protected override string FieldOwner => subject == "policy" ? "a retraining policy" : $"'{subject}'";

    protected override SourceSpot At(string file, long line, long column) => new(file, line, column);

    /// <summary>The raw node of <paramref name="field"/> (marked known), or null.</summary>
    public YamlNode? Raw(string field, bool required = false) => Field(field, required);

    /// <summary>A nested mapping, or null (reported when it is something else).</summary>
    public RetrainingFields? Section(string field)
    {
        switch (Field(field, required: false))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new RetrainingFields(mapping, Source, Nested(field), Errors);
            case var other:
                Error(Spot(other), $"'{field}' must be a mapping of fields");
                return null;
        }
    }

    /// <summary>Each mapping of a list; items that are not mappings are reported and skipped.</summary>
    public List<RetrainingFields> Items(string field, string what, bool required)
    {
        var items = new List<RetrainingFields>();
        switch (Field(field, required))
        {
            case null:
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (sequence.Children[i] is YamlMappingNode mapping)
                    {
                        items.Add(new RetrainingFields(mapping, Source, $"{Nested(field)}[{i + 1}]", Errors));
                    }
                    else
                    {
                        Error(Spot(sequence.Children[i]), $"'{field}' item {i + 1} must be a mapping describing {what}");
                    }
                }
                break;
            case var other:
                Error(Spot(other), $"'{field}' must be a list of {what}");
                break;
        }
        return items;
    }

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public long? Whole(string field, long min, bool required = false)
    {
        var text = Text(field, required);
        if (text is null)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }
        Error(SpotOf(field), $"'{field}' must be a whole number of at least {min}, got '{text}'");
        return null;
    }

    /// <summary>
    /// Where character <paramref name="position"/> (1-based) of a scalar's text is: the scalar's start, moved past an
    /// opening quote, plus the offset. Exact for single-line values without escapes, which gates are.
    /// </summary>
    public SourceSpot SpotInside(YamlNode scalar, int position)
    {
        var quoted = scalar is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        var offset = Math.Max(position, 1) - 1 + (quoted ? 1 : 0);
        return new SourceSpot(Source, scalar.Start.Line, scalar.Start.Column + offset);
    }

    private string Nested(string field) => subject == "policy" ? field : $"{subject}.{field}";
}
