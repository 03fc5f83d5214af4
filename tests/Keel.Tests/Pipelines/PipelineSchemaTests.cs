using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace Keel.Tests.Pipelines;

/// <summary>The JSON Schema shipped for editors (schemas/pipeline.schema.json) agrees with the parser.</summary>
public sealed class PipelineSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "pipeline.schema.json"));

    [Fact]
    public void Schema_AcceptsTheFullPipeline()
    {
        var result = Evaluate(PipelineFileTests.Full);

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Schema_AcceptsTheExampleProject()
    {
        var path = Path.Combine(RepositoryRoot(), "examples", "credit-risk", "pipeline.yaml");
        if (!File.Exists(path))
        {
            return;
        }

        var result = Evaluate(File.ReadAllText(path));

        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("name: p\nsource: { file: a.csv }\ntrain: { label: y, algorithm: boosting }\n")]
    [InlineData("name: p\nsource: { file: a.csv, dataset: d }\ntrain: { label: y, algorithm: gbdt }\n")]
    [InlineData("name: p\nsource: { file: a.csv }\ntrain: { label: y, algorithm: gbdt, params: { round: 3 } }\n")]
    [InlineData("name: p\nsource: { file: a.csv }\ntrain: { label: y, algorithm: gbdt }\nsplit: { method: time }\n")]
    [InlineData("name: p\nsource: { file: a.csv }\ntrain: { label: y, algorithm: gbdt }\ncolour: blue\n")]
    [InlineData("name: p\nsource: { file: a.csv }\n")]
    public void Schema_RejectsWhatTheParserRejects(string yaml)
    {
        Assert.False(Evaluate(yaml).IsValid);
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Evaluate(System.Text.Json.JsonDocument.Parse(ToJson(yaml)!.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    /// <summary>YAML → JSON with YAML 1.2 core scalar types (numbers and booleans unquoted), as editors' YAML servers do.</summary>
    private static JsonNode? ToJson(string yaml)
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

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Keel.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Keel.sln not found above the test directory");
    }
}
