using System.Globalization;
using Keel.Data;
using Keel.Data.Quality;
using YamlDotNet.RepresentationModel;

namespace Keel.Pipelines;

/// <summary>Typed, located access to one section of a pipeline file; see <see cref="YamlFields{TSpot}"/>.</summary>
internal sealed class PipelineFields(YamlMappingNode node, string source, string section, List<string> errors, IEnumerable<string>? known = null)
    : YamlFields<SourceSpot>(node, source, errors, known ?? [])
{
    /// <summary>The section's name in messages: <c>pipeline</c>, <c>train</c>, <c>train.search</c>.</summary>
    public string Name { get; } = section;

    protected override string Subject => Name;

    protected override SourceSpot At(string file, long line, long column) => new(file, line, column);

    protected override string FieldOwner => Name == "pipeline" ? "a pipeline" : $"'{Name}'";

    /// <summary>The raw node of <paramref name="field"/> (marked known), or null.</summary>
    public YamlNode? Raw(string field, bool required = false) => Field(field, required);

    /// <summary>A nested mapping, or null (reported when it is something else).</summary>
    public PipelineFields? Section(string field, bool required = false)
    {
        switch (Field(field, required))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new PipelineFields(mapping, Source, Name == "pipeline" ? field : $"{Name}.{field}", Errors);
            case var other:
                Error(Spot(other), $"'{field}' must be a mapping of fields");
                return null;
        }
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? Int(string field, int min, int max = int.MaxValue, bool required = false)
    {
        var text = Text(field, required);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Error(SpotOf(field), max == int.MaxValue
            ? $"'{field}' must be a whole number of at least {min}, got '{text}'"
            : $"'{field}' must be a whole number from {min} to {max}, got '{text}'");
        return null;
    }

    /// <summary>A list of plain values.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)>? List(string field)
    {
        switch (Field(field, required: false))
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                var items = new List<(string, YamlNode)>();
                foreach (var child in sequence.Children)
                {
                    if (child is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        items.Add((value, child));
                    }
                    else
                    {
                        Error(Spot(child), $"'{field}' must list plain values");
                    }
                }
                return items;
            case var other:
                Error(Spot(other), $"'{field}' must be a list");
                return null;
        }
    }
}
