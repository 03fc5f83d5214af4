using Keel.Data;
using Keel.Data.Quality;
using YamlDotNet.RepresentationModel;

namespace Keel.Monitoring.Alerts;

/// <summary>Typed, located access to one mapping of an alert rules file; see <see cref="YamlFields{TSpot}"/>.</summary>
internal sealed class AlertFields(YamlMappingNode node, string source, string subject, List<string> errors, IEnumerable<string>? known = null)
    : YamlFields<SourceSpot>(node, source, errors, known ?? [])
{
    protected override string Subject => subject;

    protected override string FieldOwner => subject == "alerts" ? "an alert rules file" : $"'{subject}'";

    protected override SourceSpot At(string file, long line, long column) => new(file, line, column);

    /// <summary>A nested mapping, or null (reported when it is something else).</summary>
    public AlertFields? Section(string field, string subject)
    {
        switch (Field(field, required: false))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new AlertFields(mapping, Source, subject, Errors);
            case var other:
                Error(Spot(other), $"'{field}' must be a mapping of fields");
                return null;
        }
    }

    /// <summary>A list whose items are mappings, each read by <paramref name="read"/>; null items are skipped after reporting.</summary>
    public List<T> Items<T>(string field, string what, Func<AlertFields, int, T?> read)
        where T : class
    {
        var items = new List<T>();
        switch (Field(field, required: false))
        {
            case null:
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (sequence.Children[i] is YamlMappingNode mapping)
                    {
                        var itemSubject = subject == "alerts" ? $"{field}[{i + 1}]" : $"{subject}.{field}[{i + 1}]";
                        if (read(new AlertFields(mapping, Source, itemSubject, Errors), i) is { } item)
                        {
                            items.Add(item);
                        }
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

    /// <summary>A list of non-empty plain values.</summary>
    public IReadOnlyList<string>? Names(string field)
    {
        switch (Field(field, required: false))
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                var names = new List<string>();
                foreach (var child in sequence.Children)
                {
                    if (child is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        names.Add(value);
                    }
                    else
                    {
                        Error(Spot(child), $"'{field}' must list label names");
                    }
                }
                return names;
            case var other:
                Error(Spot(other), $"'{field}' must be a list of label names, e.g. [alertname, deployment]");
                return null;
        }
    }

    /// <summary>The raw node of <paramref name="field"/> (marked known), or null.</summary>
    public YamlNode? Raw(string field) => Field(field, required: false);
}
