using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace Keel.Tests.Support;

/// <summary>Checks YAML documents against the JSON Schemas shipped for editors (schemas/*.json, copied next to the tests).</summary>
public static class SchemaFiles
{
    /// <summary>Loads <c>schemas/<paramref name="file"/></c>.</summary>
    public static JsonSchema Load(string file) => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", file));

    /// <summary>Evaluates <paramref name="yaml"/> (converted as an editor's YAML server would) against <paramref name="schema"/>.</summary>
    public static EvaluationResults Evaluate(JsonSchema schema, string yaml) =>
        schema.Evaluate(System.Text.Json.JsonDocument.Parse(ToJson(yaml)!.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    /// <summary>The errors of <paramref name="result"/>, one per line, for assertion messages.</summary>
    public static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    /// <summary>YAML → JSON with YAML 1.2 core scalar types (numbers and booleans unquoted), as editors' YAML servers do.</summary>
    public static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, out var i) => JsonValue.Create(i),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when double.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
