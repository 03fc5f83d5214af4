using Keel.Cli.Tests.Support;
using Keel.Monitoring.Drift;
using Keel.Monitoring.Windows;
using Keel.Storage;

namespace Keel.Cli.Tests.Commands.Monitoring;

public sealed class MonitorHistoryCommandTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task History_StoredWindows_JsonInOrderAndAnHtmlReportOverTime()
    {
        using var keel = new KeelRunner();
        Assert.Equal(0, (await keel.RunAsync("init")).ExitCode);
        using (var store = await MetadataStore.OpenAsync(Path.Combine(keel.Directory, ".keel", "keel.db"), keel.Clock))
        {
            var history = new WindowHistory(store);
            for (var i = 0; i < 3; i++)
            {
                var drifted = i == 2;
                var report = new DriftReport(
                    [new FeatureDrift("income", "numeric", DriftMethod.Wasserstein, drifted ? 0.4 : 0.02, null, 0.1, drifted, 5000, 1000),
                     new FeatureDrift("region", "categorical", DriftMethod.JensenShannon, 0.01, null, 0.1, false, 5000, 1000)],
                    new FeatureDrift("prediction", "numeric", DriftMethod.Wasserstein, drifted ? 0.3 : 0.01, null, 0.1, drifted, 5000, 1000),
                    [], 0.5);
                var window = new WindowResult(T0.AddHours(i), T0.AddHours(i + 1), 1000, report);
                await history.AppendAsync(WindowHistory.Of(window, "credit", "primary", "credit", "1"));
            }
            await history.AppendAsync(WindowHistory.Of(new WindowResult(T0, T0.AddHours(1), 10, new DriftReport([], null, [], 0.5)), "", "", "other", "1"));
        }

        var json = await keel.RunAsync("monitor", "history", "--deployment", "credit", "--json", "--report", "over-time.html");
        var table = await keel.RunAsync("monitor", "history", "--deployment", "credit", "--last", "2");

        Assert.True(json.ExitCode == 0, json.ToString());
        var windows = json.Json().GetProperty("windows").EnumerateArray().ToArray();
        Assert.Equal([T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], windows.Select(w => w.GetProperty("end").GetDateTimeOffset()));
        Assert.Equal([false, false, true], windows.Select(w => w.GetProperty("drift").GetProperty("dataset_drift").GetBoolean()));
        Assert.Equal(0.4, windows[2].GetProperty("drift").GetProperty("features")[0].GetProperty("statistic").GetDouble());
        var html = File.ReadAllText(keel.PathOf("over-time.html"));
        Assert.Contains("Drift over time: deployment credit", html, StringComparison.Ordinal);
        Assert.Contains("income (wasserstein)", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("dataset drift", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("01:00:00", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_OutsideAWorkspace_ExitsTwo()
    {
        using var keel = new KeelRunner();

        var result = await keel.RunAsync("monitor", "history");

        Assert.Equal(2, result.ExitCode);
    }
}
