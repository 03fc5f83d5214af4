using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Quickstart;

/// <summary>
/// <c>keel quickstart</c> end to end: the README's first command. A real server on a simulated clock, real HTTP
/// traffic, the real pipeline, alert rules and retraining loop — the story must end with the candidate promoted.
/// </summary>
public sealed class QuickstartCommandTests
{
    [Fact]
    public async Task Quickstart_RunsTheClosedLoopToThePromotionOfV2()
    {
        using var keel = new KeelRunner();

        var result = await keel.RunAsync("quickstart", "--dir", "qs", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var story = result.Json();
        Assert.True(story.GetProperty("promoted").GetBoolean(), result.ToString());
        Assert.Equal("models:/credit/2", story.GetProperty("serving").GetString());
        var events = story.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        var order = new[] { "alert ", "retrain 1", "released as shadow", "shadow period over, canary", "promoted" }
            .Select(step => events.FindIndex(e => e.Contains(step, StringComparison.Ordinal))).ToList();
        Assert.All(order, i => Assert.True(i >= 0, string.Join("\n", events)));
        Assert.Equal(order.Order(), order);
        var models = story.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(2, models.Count);
        // v2, trained on fresh labelled traffic, beats v1 on the same recent applications.
        Assert.True(models[1].GetProperty("last_two_weeks_auc").GetDouble() > models[0].GetProperty("last_two_weeks_auc").GetDouble(), result.ToString());
        Assert.True(story.GetProperty("requests").GetInt32() > 10_000);
        foreach (var report in story.GetProperty("reports").EnumerateArray())
        {
            Assert.Contains("<html", File.ReadAllText(report.GetString()!), StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(File.Exists(keel.PathOf("qs/retraining.yaml")));
    }

    [Fact]
    public async Task Quickstart_DirectoryItDidNotMake_IsRefusedAndLeftAlone()
    {
        using var keel = new KeelRunner();
        Directory.CreateDirectory(keel.PathOf("mine"));
        keel.WriteFile("mine/notes.txt", "keep me");

        var result = await keel.RunAsync("quickstart", "--dir", "mine");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a folder an earlier quickstart made", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(keel.PathOf("mine/notes.txt")));
    }
}
