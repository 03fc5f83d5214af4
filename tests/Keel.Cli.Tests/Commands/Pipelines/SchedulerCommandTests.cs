using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Pipelines;

public sealed class SchedulerCommandTests : IDisposable
{
    private const string Unscheduled = """
        name: plain
        source:
          dataset: credit
        train:
          label: y
          algorithm: logistic
        """;

    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task Scheduler_MissingFile_ExitsTwoNamingIt()
    {
        var result = await _keel.RunAsync("scheduler", "nope.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nope.yaml' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Scheduler_PipelineWithoutSchedule_ExitsTwoSayingSo()
    {
        _keel.WriteFile("plain.yaml", Unscheduled);

        var result = await _keel.RunAsync("scheduler", "plain.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("pipeline 'plain' has no 'schedule' section", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_InvalidPipelineFile_ExitsTwoWithTheParserProblems()
    {
        _keel.WriteFile("bad.yaml", Unscheduled + "\nschedule:\n  cron: \"every day\"\n");

        var result = await _keel.RunAsync("scheduler", "bad.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not a valid Quartz cron expression", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    public async Task Scheduler_BadPoll_ExitsTwo(string poll)
    {
        _keel.WriteFile("plain.yaml", Unscheduled + "\nschedule:\n  on_new_data: true\n");

        var result = await _keel.RunAsync("scheduler", "plain.yaml", "--poll", poll);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--poll '{poll}' is not a positive duration", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_NoPipeline_ExitsTwo()
    {
        var result = await _keel.RunAsync("scheduler");

        Assert.Equal(2, result.ExitCode);
    }
}
