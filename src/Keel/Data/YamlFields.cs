using Keel.Data.Quality;
using YamlDotNet.RepresentationModel;

namespace Keel.Data;

/// <summary>
/// Typed, located access to one YAML mapping (a check, a transform). Problems are collected, not thrown, so one
/// pass reports them all; a field counts as known once a reader asks for it, so <see cref="Finish"/> can name
/// unknown ones. Subclasses say how a place is written (<typeparamref name="TSpot"/>) and what the mapping is
/// called in messages, and add the readers only their files have.
/// </summary>
/// <typeparam name="TSpot">The file:line:column type the messages and callers use.</typeparam>
internal abstract class YamlFields<TSpot>(YamlMappingNode node, string source, List<string> errors, IEnumerable<string> known)
    where TSpot : struct
{
    private readonly HashSet<string> _known = [.. known];

    public int ErrorCount => errors.Count;

    /// <summary>The mapping read.</summary>
    public YamlMappingNode Node => node;

    /// <summary>The file name used in messages.</summary>
    protected string Source => source;

    /// <summary>Where problems are collected.</summary>
    protected List<string> Errors => errors;

    public TSpot Where => Spot(node);

    /// <summary>What prefixes every message about this mapping, e.g. <c>check 2 (range)</c>.</summary>
    protected abstract string Subject { get; }

    /// <summary>What the unknown-field message lists the fields of, e.g. <c>a range check</c>.</summary>
    protected abstract string FieldOwner { get; }

    public TSpot Spot(YamlNode at) => At(source, at.Start.Line, at.Start.Column);

    /// <summary>Where the field's value is, or the mapping itself when the field is absent.</summary>
    public TSpot SpotOf(string field) => Find(field) is { } value ? Spot(value) : Where;

    public bool Has(string field) => Field(field, required: false) is not null;

    public void Error(TSpot at, string problem) => errors.Add($"{at}: {Subject}: {problem}");

    public string? Text(string field, bool required)
    {
        switch (Field(field, required))
        {
            case null:
                return null;
            case YamlScalarNode { Value: { Length: > 0 } value }:
                return value;
            case var other:
                Error(Spot(other), $"'{field}' must be a non-empty text value");
                return null;
        }
    }

    public double? Number(string field, bool required = false)
    {
        var text = Text(field, required);
        if (text is null)
        {
            return null;
        }
        if (NumberText.TryParseFinite(text, out var value))
        {
            return value;
        }
        Error(SpotOf(field), $"'{field}' must be a number, got '{text}'");
        return null;
    }

    /// <summary>true or false.</summary>
    public bool? Bool(string field)
    {
        var text = Text(field, required: false);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "yes":
                return true;
            case "false" or "False" or "no":
                return false;
            default:
                Error(SpotOf(field), $"'{field}' must be true or false, got '{text}'");
                return null;
        }
    }

    /// <summary>One of <paramref name="choices"/>.</summary>
    public string? Choice(string field, IReadOnlyList<string> choices, bool required = false)
    {
        var text = Text(field, required);
        if (text is null || choices.Contains(text))
        {
            return text;
        }
        Error(SpotOf(field), $"'{field}' must be one of {string.Join(", ", choices)}, got '{text}'");
        return null;
    }

    /// <summary>A duration such as <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>.</summary>
    public TimeSpan? Duration(string field)
    {
        var text = Text(field, required: false);
        if (text is null)
        {
            return null;
        }
        if (DurationText.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }
        Error(SpotOf(field), $"'{field}' must be a positive duration such as 30s, 15m, 2h or 1d, got '{text}'");
        return null;
    }

    /// <summary>A Quartz cron expression (seconds first); null when absent or invalid (the error is recorded).</summary>
    public string? Cron(string field, bool required)
    {
        var cron = Text(field, required);
        if (cron is null)
        {
            return null;
        }
        try
        {
            _ = new Quartz.CronExpression(cron);
            return cron;
        }
        catch (FormatException ex)
        {
            Error(SpotOf(field), $"cron '{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 3 * * ?'): {ex.Message}");
            return null;
        }
    }

    /// <summary>A time zone by IANA name: UTC when absent, null when unknown (the error is recorded).</summary>
    public TimeZoneInfo? TimeZone(string field)
    {
        if (Text(field, required: false) is not { } id)
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            Error(SpotOf(field), $"unknown time zone '{id}' (use an IANA name such as America/Sao_Paulo)");
            return null;
        }
    }

    /// <summary>A mapping of plain values (numbers and text are both taken as text).</summary>
    public IReadOnlyDictionary<string, string>? Scalars(string field)
    {
        switch (Field(field, required: false))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { Length: > 0 } name } && value is YamlScalarNode { Value: { } text })
                    {
                        values[name] = text;
                    }
                    else
                    {
                        Error(Spot(value), $"'{field}' must map names to plain values, e.g. {{ name: value }}");
                    }
                }
                return values;
            case var other:
                Error(Spot(other), $"'{field}' must be a mapping of names to plain values, e.g. {{ name: value }}");
                return null;
        }
    }

    /// <summary>Reports every key that no reader asked for.</summary>
    public void Finish()
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!_known.Contains(name))
            {
                var fields = string.Join(", ", _known.Order(StringComparer.Ordinal));
                Error(Spot(key), $"unknown field '{name}'; the fields of {FieldOwner} are: {fields}");
            }
        }
    }

    /// <summary>A place in the file, as <typeparamref name="TSpot"/>.</summary>
    protected abstract TSpot At(string file, long line, long column);

    /// <summary>Marks <paramref name="field"/> as known and returns its value; reports it when required and absent.</summary>
    protected YamlNode? Field(string field, bool required)
    {
        _known.Add(field);
        var value = Find(field);
        if (value is null && required)
        {
            Error(Where, $"'{field}' is required");
        }
        return value;
    }

    private YamlNode? Find(string field) => node.Children.TryGetValue(new YamlScalarNode(field), out var value) ? value : null;
}
