using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Data.Reading;

/// <summary>
/// A user's pinned column descriptions, read from YAML:
/// <code>
/// columns:
///   age: { type: numeric }
///   customer_id: { type: text, role: id }
///   email: { type: text, pii: true }
///   signup: { type: timestamp, role: timestamp, format: "dd/MM/yyyy HH:mm" }
///   churned: { role: label }      # type still inferred
/// </code>
/// Columns not listed are inferred from the data.
/// </summary>
public sealed class SchemaFile
{
    /// <summary>One pinned column; null members are inferred.</summary>
    public sealed record Entry(string Name, ColumnType? Type, ColumnRole? Role, bool? Pii, bool? Nullable, string? Format);

    /// <summary>Creates a schema file from entries.</summary>
    public SchemaFile(IReadOnlyList<Entry> entries) => Entries = entries;

    /// <summary>The pinned columns, in file order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>
    /// Pins every column of <paramref name="schema"/> as it is (type, role, pii, nullability, time format), so another
    /// file is read with the same columns rather than with types inferred from its own, possibly few, rows.
    /// </summary>
    public static SchemaFile Of(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaFile([.. schema.Columns.Select(c => new Entry(c.Name, c.Type, c.Role, c.Pii, c.Nullable, c.Format))]);
    }

    /// <summary>The entry for <paramref name="name"/>, or null.</summary>
    public Entry? Find(string name)
    {
        foreach (var e in Entries)
        {
            if (e.Name == name)
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>Reads a schema file.</summary>
    /// <exception cref="DataFormatException">The YAML is malformed or names an unknown type, role or field.</exception>
    public static SchemaFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses schema YAML; <paramref name="sourceName"/> is used in error messages.</summary>
    /// <exception cref="DataFormatException">The YAML is malformed or names an unknown type, role or field.</exception>
    public static SchemaFile Parse(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new DataFormatException(sourceName, ex.Start.Line, null, $"invalid YAML at column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new DataFormatException(sourceName, 1, null, "expected a mapping with a 'columns' key");
        }
        YamlMappingNode? columns = null;
        foreach (var (key, value) in root.Children)
        {
            var k = ((YamlScalarNode)key).Value;
            if (k != "columns")
            {
                throw Error(sourceName, key, $"unknown key '{k}'; expected 'columns'");
            }
            columns = value as YamlMappingNode ?? throw Error(sourceName, value, "'columns' must map column names to their settings");
        }
        if (columns is null)
        {
            throw new DataFormatException(sourceName, 1, null, "missing 'columns'");
        }
        var entries = new List<Entry>();
        foreach (var (keyNode, valueNode) in columns.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is not YamlMappingNode settings)
            {
                throw Error(sourceName, valueNode, $"column '{name}': expected a mapping such as {{ type: numeric }}");
            }
            ColumnType? type = null;
            ColumnRole? role = null;
            bool? pii = null, nullable = null;
            string? format = null;
            foreach (var (sk, sv) in settings.Children)
            {
                var setting = ((YamlScalarNode)sk).Value;
                var text = (sv as YamlScalarNode)?.Value ?? throw Error(sourceName, sv, $"column '{name}': '{setting}' must be a single value");
                switch (setting)
                {
                    case "type":
                        type = ParseEnum<ColumnType>(text) ?? throw Error(sourceName, sv, $"column '{name}': unknown type '{text}'; expected numeric, categorical, text, timestamp or boolean");
                        break;
                    case "role":
                        role = ParseEnum<ColumnRole>(text) ?? throw Error(sourceName, sv, $"column '{name}': unknown role '{text}'; expected feature, label, id, timestamp or ignored");
                        break;
                    case "pii":
                        pii = ParseBool(text) ?? throw Error(sourceName, sv, $"column '{name}': 'pii' must be true or false, got '{text}'");
                        break;
                    case "nullable":
                        nullable = ParseBool(text) ?? throw Error(sourceName, sv, $"column '{name}': 'nullable' must be true or false, got '{text}'");
                        break;
                    case "format":
                        format = text;
                        break;
                    default:
                        throw Error(sourceName, sk, $"column '{name}': unknown setting '{setting}'; expected type, role, pii, nullable or format");
                }
            }
            entries.Add(new Entry(name, type, role, pii, nullable, format));
        }
        return new SchemaFile(entries);
    }

    private static DataFormatException Error(string source, YamlNode node, string problem) =>
        new(source, node.Start.Line, null, $"column {node.Start.Column}: {problem}");

    private static T? ParseEnum<T>(string text)
        where T : struct, Enum => Enum.TryParse<T>(text, ignoreCase: true, out var v) && !int.TryParse(text, out _) ? v : null;

    private static bool? ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => null,
    };
}
