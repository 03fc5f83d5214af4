using Json.Schema;
using Keel.Retraining;
using Keel.Tests.Support;

namespace Keel.Tests.Retraining;

/// <summary>The JSON Schema shipped for editors (schemas/retraining.schema.json) agrees with the parser.</summary>
public sealed class RetrainingSchemaTests
{
    private static readonly JsonSchema Schema = SchemaFiles.Load("retraining.schema.json");

    [Fact]
    public void Schema_AcceptsTheFullFile()
    {
        var result = SchemaFiles.Evaluate(Schema, RetrainingPolicyFileTests.Full);

        Assert.True(result.IsValid, SchemaFiles.Describe(result));
    }

    [Fact]
    public void Schema_AcceptsTheExampleFile()
    {
        var text = File.ReadAllText(Path.Combine(RetrainingPolicyFileTests.RepositoryRoot(), "examples", "credit-risk", "retraining.yaml"));

        var result = SchemaFiles.Evaluate(Schema, text);

        Assert.True(result.IsValid, SchemaFiles.Describe(result));
        Assert.NotEmpty(RetrainingPolicyFile.Parse(text, "retraining.yaml").Triggers);
    }

    [Theory]
    [InlineData("pipeline: p.yaml\ntriggers: [{type: labels, new: 1}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: []")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: webhook}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: alert}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 0}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: performance, metric: auc}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: performance, metric: auc, below: 0.7, above: 0.9}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5, colour: red}]")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\ndata: {holdout: 1.5}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\nguardrails: {max_per_day: 0}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\nguardrails: {approval: later}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\nguardrails: {cooldown: soon}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\nrelease: {}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\nrelease: {canary: {steps: [0, 100]}}")]
    [InlineData("deployment: d\npipeline: p.yaml\ntriggers: [{type: labels, new: 5}]\ncolour: red")]
    public void Schema_RejectsWhatTheParserRejects(string yaml)
    {
        Assert.False(SchemaFiles.Evaluate(Schema, yaml).IsValid);
        Assert.Throws<RetrainingPolicyException>(() => RetrainingPolicyFile.Parse(yaml, "r.yaml"));
    }
}
