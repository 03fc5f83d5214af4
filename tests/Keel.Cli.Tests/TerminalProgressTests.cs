using Keel.Cli.Commands;
using Keel.Learning;
using Keel.Learning.Validation;

namespace Keel.Cli.Tests;

public sealed class TerminalProgressTests
{
    private static TerminalProgress.Reading Describe(TrainingProgress p) => ProgressReadings.Training("gbdt", p);

    [Fact]
    public async Task RunAsync_NotATerminal_WorkGetsNoSinkAndNothingIsWritten()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var terminal = new Terminal(stdout, stderr, stderrIsInteractive: false);

        var result = await TerminalProgress.RunAsync<TrainingProgress, string>(terminal, "training", Describe,
            progress => Task.FromResult(progress is null ? "no sink" : "sink"));

        Assert.Equal("no sink", result);
        Assert.Equal("", stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_Terminal_WorkGetsASinkThatTakesReportsFromManyThreadsAndStdoutStaysEmpty()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var terminal = new Terminal(stdout, stderr, stderrIsInteractive: true);

        var result = await TerminalProgress.RunAsync<TrainingProgress, int>(terminal, "training", Describe, progress =>
        {
            Assert.NotNull(progress);
            Parallel.For(0, 1000, i => progress.Report(new TrainingProgress(TrainingStage.Rounds, i + 1, 1000)));
            return Task.FromResult(42);
        });

        Assert.Equal(42, result);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public async Task RunAsync_Terminal_WorkThatFails_Throws()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var terminal = new Terminal(stdout, stderr, stderrIsInteractive: true);

        var error = await Assert.ThrowsAsync<UserException>(() => TerminalProgress.RunAsync<TrainingProgress, int>(terminal, "training", Describe,
            _ => throw new UserException("bad")));

        Assert.Equal("bad", error.Message);
    }

    [Fact]
    public void Training_Reading_CountsStepsAndShowsLosses()
    {
        var reading = ProgressReadings.Training("gbdt", new TrainingProgress(TrainingStage.Rounds, 37, 100, 0.12345, 0.5));

        Assert.Equal(new TerminalProgress.Reading(37, 100, "gbdt round 37/100 · loss 0.1235 · validation 0.5000"), reading);
        Assert.Equal("cross-validation fold 2/5", ProgressReadings.Training("gbdt", new TrainingProgress(TrainingStage.Folds, 2, 5)).Description);
    }

    [Fact]
    public void Search_Reading_ShowsTheBestSoFar()
    {
        var best = new SearchTrial(0, new Dictionary<string, string>(), 0.9712, null, null, null);

        Assert.Equal("trial 3/12 · best auc 0.9712", ProgressReadings.Search("auc", new SearchProgress(3, 12, best)).Description);
    }
}
