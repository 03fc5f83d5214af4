using System.Text.Json;
using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Pipelines;

public sealed class PipelineCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task Run_ExampleProject_RegistersChampionThenSecondRunIsServedFromCache()
    {
        CopyExample();
        Assert.Equal(0, (await _keel.RunAsync("init")).ExitCode);

        var first = await _keel.RunAsync("pipeline", "run", "credit-risk/pipeline.yaml", "--json");
        var second = await _keel.RunAsync("pipeline", "run", "credit-risk/pipeline.yaml", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        var run = first.Json();
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(1, run.GetProperty("registered").GetProperty("version").GetInt32());
        Assert.True(run.GetProperty("registered").GetProperty("alias_moved").GetBoolean());
        Assert.InRange(run.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.70, 1);
        Assert.True(second.ExitCode == 0, second.ToString());
        var cached = second.Json().GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("cached").GetBoolean()).Select(s => s.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["split", "train", "report"], cached);
        Assert.Equal(1, second.Json().GetProperty("registered").GetProperty("version").GetInt32());
        var models = await _keel.RunAsync("models", "show", "credit-risk", "--json");
        Assert.Contains("\"champion\"", models.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HumanOutput_ShowsEachStepAndTheOutcome()
    {
        CopyExample();
        await _keel.RunAsync("init");

        var result = await _keel.RunAsync("pipeline", "run", "credit-risk/pipeline.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var step in new[] { "load", "validate", "split", "train", "evaluate", "report", "register" })
        {
            Assert.Contains($"✓ {step}", result.Stdout, StringComparison.Ordinal);
        }
        Assert.Contains("gate passed: auc >= 0.70", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("registered models:/credit-risk/1 and moved its alias to it", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("run 1 succeeded", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GateFails_ExitsOneAndRegistersNothing()
    {
        CopyExample();
        await _keel.RunAsync("init");
        var pipeline = _keel.PathOf(Path.Combine("credit-risk", "pipeline.yaml"));
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("auc >= 0.70", "auc >= 0.99", StringComparison.Ordinal));

        var result = await _keel.RunAsync("pipeline", "run", "credit-risk/pipeline.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gate failed: auc >= 0.99", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("run 1 failed: register: not registered", result.Stdout, StringComparison.Ordinal);
        var models = await _keel.RunAsync("models", "list", "--json");
        Assert.Equal(0, JsonDocument.Parse(models.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Validate_ValidFile_ListsSteps()
    {
        CopyExample();

        var result = await _keel.RunAsync("pipeline", "validate", "credit-risk/pipeline.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid pipeline 'credit-risk'; steps: load → validate → split → train → evaluate → report → register", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidFile_ExitsOneWithEveryProblemAndItsPlace()
    {
        _keel.WriteFile("bad.yaml", """
            name: p
            source: { file: nowhere.csv }
            train: { label: y, algorithm: gbdt, params: { rounds: many } }
            evaluate: { gates: ["auc >>> 1"] }
            """);

        var result = await _keel.RunAsync("pipeline", "validate", "bad.yaml", "--json");

        Assert.Equal(1, result.ExitCode);
        var errors = result.Json().GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:2:17: source: file 'nowhere.csv' does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:4:21: evaluate: gate 'auc >>> 1'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_MissingFileOrNoWorkspace_ExitsTwo()
    {
        var missing = await _keel.RunAsync("pipeline", "run", "nope.yaml");
        CopyExample();
        var noWorkspace = await _keel.RunAsync("pipeline", "run", "credit-risk/pipeline.yaml");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pipeline file", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noWorkspace.ExitCode);
        Assert.Contains("keel init", noWorkspace.Stderr, StringComparison.Ordinal);
    }

    private void CopyExample()
    {
        var source = Path.Combine(RepoFiles.Root, "examples", "credit-risk");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_keel.Directory, "credit-risk", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
