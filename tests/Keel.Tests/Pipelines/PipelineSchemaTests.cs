using Json.Schema;
using Keel.Tests.Support;

namespace Keel.Tests.Pipelines;

/// <summary>The JSON Schema shipped for editors (schemas/pipeline.schema.json) agrees with the parser.</summary>
public sealed class PipelineSchemaTests
{
    private static readonly JsonSchema Schema = SchemaFiles.Load("pipeline.schema.json");

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

    private static EvaluationResults Evaluate(string yaml) => SchemaFiles.Evaluate(Schema, yaml);

    private static string Describe(EvaluationResults result) => SchemaFiles.Describe(result);

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
