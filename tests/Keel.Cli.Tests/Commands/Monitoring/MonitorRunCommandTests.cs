using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Monitoring;

/// <summary><c>keel monitor run</c>: current data against the model's own training profile, end to end on the credit example generator.</summary>
public sealed class MonitorRunCommandTests
{
    [Fact]
    public async Task Run_StationaryAndDriftedData_VerdictsExitCodesJsonAndReport()
    {
        using var keel = new KeelRunner();
        Assert.Equal(0, (await keel.RunAsync("example", "credit-risk", "--out", "train.csv", "--rows", "6000")).ExitCode);
        Assert.Equal(0, (await keel.RunAsync("example", "credit-risk", "--out", "same.csv", "--rows", "3000", "--seed", "9")).ExitCode);
        Assert.Equal(0, (await keel.RunAsync("example", "credit-risk", "--out", "drift.csv", "--rows", "3000", "--seed", "5", "--drift", "1",
            "--start", "2027-01-01T00:00:00Z", "--days", "30")).ExitCode);
        // With validation rows the prediction reference is out of sample (in-sample GBDT scores are sharper than on new data).
        var train = await keel.RunAsync("train", "--data", "train.csv", "--label", "defaulted", "--algorithm", "gbdt", "--holdout", "0.25", "--out", "m.keel");
        Assert.True(train.ExitCode == 0, train.ToString());

        var same = await keel.RunAsync("monitor", "run", "--model", "m.keel", "--data", "same.csv", "--json");
        var drifted = await keel.RunAsync("monitor", "run", "--model", "m.keel", "--data", "drift.csv", "--json", "--drift-share", "0.25", "--report", "drift.html");

        Assert.True(same.ExitCode == 0, same.ToString());
        var calm = same.Json();
        Assert.False(calm.GetProperty("dataset_drift").GetBoolean());
        Assert.All(calm.GetProperty("features").EnumerateArray(), f => Assert.False(f.GetProperty("drift").GetBoolean(), f.ToString()));
        Assert.False(calm.GetProperty("prediction").GetProperty("drift").GetBoolean());
        Assert.True(drifted.ExitCode == 1, drifted.ToString());
        var json = drifted.Json();
        Assert.Equal(["dataset_drift", "drift_share", "features", "prediction"], json.EnumerateObject().Select(p => p.Name));
        Assert.True(json.GetProperty("dataset_drift").GetBoolean());
        // The generator's drift: a new loan purpose appears and the predicted default probability moves.
        var purpose = json.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "purpose");
        Assert.Equal(("jensenshannon", true), (purpose.GetProperty("method").GetString(), purpose.GetProperty("drift").GetBoolean()));
        var prediction = json.GetProperty("prediction");
        Assert.Equal(("prediction", "wasserstein", true),
            (prediction.GetProperty("name").GetString(), prediction.GetProperty("method").GetString(), prediction.GetProperty("drift").GetBoolean()));
        Assert.DoesNotContain(json.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() is "defaulted" or "email" or "applied_at");
        var html = File.ReadAllText(keel.PathOf("drift.html"));
        Assert.Contains("training profile", html, StringComparison.Ordinal);
        Assert.Contains("prediction: wasserstein", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownColumnOrMissingModel_ExitsTwoNamingIt()
    {
        using var keel = new KeelRunner();
        await keel.RunAsync("example", "credit-risk", "--out", "train.csv", "--rows", "2000");
        await keel.RunAsync("train", "--data", "train.csv", "--label", "defaulted", "--algorithm", "logistic", "--out", "m.keel");

        var badColumn = await keel.RunAsync("monitor", "run", "--model", "m.keel", "--data", "train.csv", "--columns", "income,shoe_size");
        var noModel = await keel.RunAsync("monitor", "run", "--model", "nope.keel", "--data", "train.csv");

        Assert.Equal(2, badColumn.ExitCode);
        Assert.Contains("--columns names 'shoe_size', which is not an input of", badColumn.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noModel.ExitCode);
        Assert.Contains("nope.keel", noModel.Stderr, StringComparison.Ordinal);
    }
}
