using Keel.Examples;
using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Pipelines;

public sealed class PipelineExtraSourceTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: credit
        source: { file: credit.csv }
        split: { method: time, time_column: applied_at, test: 0.25 }
        train:
          label: defaulted
          algorithm: gbdt
          params: { rounds: 5, max_leaves: 7 }
        """;

    private const string IdCompleteness = """

        checks:
          - type: completeness
            column: application_id
        """;

    private readonly TempDirectory _temp = new();
    private MetadataStore _store = null!;
    private PipelineServices _services = null!;

    public async Task InitializeAsync()
    {
        var workspace = KeelWorkspace.Init(_temp.Path);
        _store = await MetadataStore.OpenAsync(workspace, new ManualTimeProvider());
        _services = new PipelineServices(workspace, _store, new ArtifactStore(workspace));
        new CreditRiskGenerator(new CreditRiskOptions { Rows = 1500, Seed = 3 }).Write(_temp.Combine("credit.csv"));
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_ExtraWithFewerColumns_TrainsOnSourceAndExtraRowsAndRecordsTheInput()
    {
        var extra = WriteExtra(["defaulted", "income", "applied_at", "age"], 60);
        var before = await RunAsync(Pipeline, []);

        var result = await RunAsync(Pipeline, [new ExtraSource(extra, "feedback (retrain 3)", "feedback")]);

        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        Assert.Equal(await SplitRowsAsync(before.Run.Id) + 60, await SplitRowsAsync(result.Run.Id));
        var inputs = await _services.Runs.GetInputsAsync(result.Run.Id);
        Assert.Equal([("file", Path.Combine(_temp.Path, "credit.csv")), ("feedback", "feedback (retrain 3)")], inputs.Select(i => (i.Kind, i.Reference)).OrderByDescending(i => i.Kind, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ExtraLacksAColumn_ItsRowsAreMissingThere()
    {
        var extra = WriteExtra(["defaulted", "income", "applied_at", "age"], 60);

        var source = await RunAsync(Pipeline + IdCompleteness, []);
        var result = await RunAsync(Pipeline + IdCompleteness, [new ExtraSource(extra, "feedback (retrain 3)", "feedback")]);

        Assert.True(source.Run.Status == RunStatus.Succeeded, source.Run.Error);
        Assert.Equal(RunStatus.Failed, result.Run.Status);
        var validate = result.Steps.Single(s => s.Name == "validate");
        Assert.Equal(StepStatus.Failed, validate.Status);
        Assert.Contains("application_id", validate.Error, StringComparison.Ordinal);
        Assert.Contains("60", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExtraHasAColumnTheSourceLacks_FailsNamingIt()
    {
        var extra = _temp.Combine("extra.csv");
        File.WriteAllLines(extra, ["age,defaulted,coupon", "40,0,SPRING", "51,1,"]);

        var result = await RunAsync(Pipeline, [new ExtraSource(extra, "feedback (retrain 3)", "feedback")]);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Contains("feedback (retrain 3): column 'coupon' is not in the source", result.Run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SourceTimesInACustomFormat_ExtraTimesAreReadAsIso()
    {
        File.WriteAllLines(_temp.Combine("small.csv"), ["at,x,y", .. Enumerable.Range(1, 20).Select(d => $"{d:00}/03/2026,{d},{d % 2}")]);
        File.WriteAllText(_temp.Combine("small.schema.yaml"), "columns:\n  at: { type: timestamp, format: dd/MM/yyyy }\n");
        var extra = _temp.Combine("extra.csv");
        File.WriteAllLines(extra, ["y,at,x", "1,2026-03-21T10:00:00.0000000Z,21", "0,2026-03-22T10:00:00Z,22"]);
        var yaml = Pipeline.Replace("{ file: credit.csv }", "{ file: small.csv, schema: small.schema.yaml }", StringComparison.Ordinal)
            .Replace("applied_at", "at", StringComparison.Ordinal).Replace("defaulted", "y", StringComparison.Ordinal);

        var result = await RunAsync(yaml, [new ExtraSource(extra, "feedback (retrain 1)", "feedback")]);

        Assert.True(result.Steps.Single(s => s.Name == "split").Status == StepStatus.Succeeded, result.Run.Error);
        Assert.Equal(22, await SplitRowsAsync(result.Run.Id));
    }

    private Task<PipelineRunResult> RunAsync(string yaml, IReadOnlyList<ExtraSource> extra) =>
        new PipelineRunner(_services).RunAsync(PipelineFile.Parse(yaml, "p.yaml", _temp.Path), RunTrigger.Manual, null, extra);

    private async Task<double> SplitRowsAsync(long runId)
    {
        var split = (await _services.Runs.GetStepsAsync(runId)).Single(s => s.Name == "split");
        var outputs = System.Text.Json.Nodes.JsonNode.Parse(split.OutputsJson!)!;
        return outputs["train_rows"]!.GetValue<int>() + outputs["test_rows"]!.GetValue<int>() + outputs["unlabelled_rows"]!.GetValue<int>();
    }

    /// <summary>The first <paramref name="rows"/> rows of the source with only <paramref name="columns"/>, in that order.</summary>
    private string WriteExtra(string[] columns, int rows)
    {
        var lines = File.ReadAllLines(_temp.Combine("credit.csv"));
        var header = lines[0].Split(',');
        var picks = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, picks);
        var path = _temp.Combine("extra.csv");
        File.WriteAllLines(path, [string.Join(',', columns), .. lines.Skip(1).Take(rows).Select(l => l.Split(',')).Select(f => string.Join(',', picks.Select(p => f[p])))]);
        return path;
    }
}
