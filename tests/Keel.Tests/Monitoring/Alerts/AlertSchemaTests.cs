using Json.Schema;
using Keel.Monitoring.Alerts;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

/// <summary>The JSON Schema shipped for editors (schemas/alerts.schema.json) agrees with the parser.</summary>
public sealed class AlertSchemaTests
{
    private static readonly JsonSchema Schema = SchemaFiles.Load("alerts.schema.json");

    [Fact]
    public void Schema_AcceptsTheFullFile()
    {
        var result = SchemaFiles.Evaluate(Schema, AlertFileTests.Good);

        Assert.True(result.IsValid, SchemaFiles.Describe(result));
    }

    [Fact]
    public void Schema_AcceptsTheExampleFile()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "credit-risk", "alerts.yaml"));

        var result = SchemaFiles.Evaluate(Schema, text);

        Assert.True(result.IsValid, SchemaFiles.Describe(result));
        Assert.NotEmpty(AlertFile.Parse(text, "alerts.yaml").Rules);
    }

    [Theory]
    [InlineData("rules: [{name: a, metric: m, condition: '==', fire: 1}]")]
    [InlineData("rules: [{name: a, metric: m, condition: '>'}]")]
    [InlineData("rules: [{name: a, metric: m, condition: '>', fire: 1, for: soon}]")]
    [InlineData("rules: [{name: a, metric: m, condition: '>', fire: 1, colour: red}]")]
    [InlineData("slos: [{name: s, deployment: d, objective: 1.5}]")]
    [InlineData("slos: [{name: s, deployment: d, objective: 0.99, windows: some}]")]
    [InlineData("grouping: {wait: 30s}")]
    [InlineData("rules: [{name: a, metric: m, condition: '>', fire: 1}]\nnotifiers: [{type: pager, url: 'http://x'}]")]
    public void Schema_RejectsWhatTheParserRejects(string yaml)
    {
        Assert.False(SchemaFiles.Evaluate(Schema, yaml).IsValid);
        Assert.Throws<AlertFileException>(() => AlertFile.Parse(yaml, "a.yaml"));
    }

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
