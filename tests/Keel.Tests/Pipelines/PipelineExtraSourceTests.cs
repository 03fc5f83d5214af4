using Keel.Pipelines;
using Keel.Registry;
using Keel.Tests.Support;

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

    private CreditWorkspace _workspace = null!;

    public async Task InitializeAsync() => _workspace = await CreditWorkspace.CreateAsync(new ManualTimeProvider());

    public Task DisposeAsync()
    {
        _workspace.Dispose();
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
        var inputs = await _workspace.Services.Runs.GetInputsAsync(result.Run.Id);
        Assert.Equal([("file", Path.Combine(_workspace.Temp.Path, "credit.csv")), ("feedback", "feedback (retrain 3)")], inputs.Select(i => (i.Kind, i.Reference)).OrderByDescending(i => i.Kind, StringComparer.Ordinal));
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
        var extra = _workspace.Temp.Combine("extra.csv");
        File.WriteAllLines(extra, ["age,defaulted,coupon", "40,0,SPRING", "51,1,"]);

        var result = await RunAsync(Pipeline, [new ExtraSource(extra, "feedback (retrain 3)", "feedback")]);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Contains("feedback (retrain 3): column 'coupon' is not in the source", result.Run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SourceTimesInACustomFormat_ExtraTimesAreReadAsIso()
    {
        File.WriteAllLines(_workspace.Temp.Combine("small.csv"), ["at,x,y", .. Enumerable.Range(1, 20).Select(d => $"{d:00}/03/2026,{d},{d % 2}")]);
        File.WriteAllText(_workspace.Temp.Combine("small.schema.yaml"), "columns:\n  at: { type: timestamp, format: dd/MM/yyyy }\n");
        var extra = _workspace.Temp.Combine("extra.csv");
        File.WriteAllLines(extra, ["y,at,x", "1,2026-03-21T10:00:00.0000000Z,21", "0,2026-03-22T10:00:00Z,22"]);
        var yaml = Pipeline.Replace("{ file: credit.csv }", "{ file: small.csv, schema: small.schema.yaml }", StringComparison.Ordinal)
            .Replace("applied_at", "at", StringComparison.Ordinal).Replace("defaulted", "y", StringComparison.Ordinal);

        var result = await RunAsync(yaml, [new ExtraSource(extra, "feedback (retrain 1)", "feedback")]);

        Assert.True(result.Steps.Single(s => s.Name == "split").Status == StepStatus.Succeeded, result.Run.Error);
        Assert.Equal(22, await SplitRowsAsync(result.Run.Id));
    }

    private Task<PipelineRunResult> RunAsync(string yaml, IReadOnlyList<ExtraSource> extra) =>
        new PipelineRunner(_workspace.Services).RunAsync(PipelineFile.Parse(yaml, "p.yaml", _workspace.Temp.Path), RunTrigger.Manual, null, extra);

    private async Task<double> SplitRowsAsync(long runId)
    {
        var split = (await _workspace.Services.Runs.GetStepsAsync(runId)).Single(s => s.Name == "split");
        var outputs = System.Text.Json.Nodes.JsonNode.Parse(split.OutputsJson!)!;
        return outputs["train_rows"]!.GetValue<int>() + outputs["test_rows"]!.GetValue<int>() + outputs["unlabelled_rows"]!.GetValue<int>();
    }

    /// <summary>The first <paramref name="rows"/> rows of the source with only <paramref name="columns"/>, in that order.</summary>
    private string WriteExtra(string[] columns, int rows)
    {
        var lines = File.ReadAllLines(_workspace.Temp.Combine("credit.csv"));
        var header = lines[0].Split(',');
        var picks = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, picks);
        var path = _workspace.Temp.Combine("extra.csv");
        File.WriteAllLines(path, [string.Join(',', columns), .. lines.Skip(1).Take(rows).Select(l => l.Split(',')).Select(f => string.Join(',', picks.Select(p => f[p])))]);
        return path;
    }
}
