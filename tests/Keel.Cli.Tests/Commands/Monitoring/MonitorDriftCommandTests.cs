using System.Text.Json;
using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Monitoring;

public sealed class MonitorDriftCommandTests
{
    private static string Fixture(string file) => Path.Combine(RepoFiles.Root, "tests", "Keel.Tests", "Fixtures", "drift", file);

    private static string Csv(string header, IEnumerable<string> rows) => header + "\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public async Task Drift_Json_HasTheDocumentedShapeAndSciPyStatistics()
    {
        using var keel = new KeelRunner();
        var result = await keel.RunAsync("monitor", "drift", "--reference", Fixture("drift_ref_500.csv"), "--current", Fixture("drift_cur_500.csv"), "--json");
        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal(["dataset_drift", "drift_share", "features"], json.EnumerateObject().Select(p => p.Name));
        Assert.False(json.GetProperty("dataset_drift").GetBoolean());
        var features = json.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(20, features.Length);
        foreach (var f in features)
        {
            Assert.Equal(["name", "type", "method", "statistic", "p_value", "threshold", "drift"], f.EnumerateObject().Select(p => p.Name));
        }
        // 500 reference rows: KS for every column (all have more than 5 values); SciPy's values from the fixtures.
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var c03 = expected.RootElement.GetProperty("bench_500").GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "c03");
        var actual = features.Single(f => f.GetProperty("name").GetString() == "c03");
        Assert.Equal("ks", actual.GetProperty("method").GetString());
        Assert.Equal(c03.GetProperty("ks").GetProperty("p_value").GetDouble(), actual.GetProperty("p_value").GetDouble(), 1e-9);
        Assert.True(actual.GetProperty("drift").GetBoolean());
        Assert.Equal(features.Count(f => f.GetProperty("drift").GetBoolean()) / 20.0, json.GetProperty("drift_share").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Drift_DistanceMethod_WritesNullPValue()
    {
        using var keel = new KeelRunner();
        var result = await keel.RunAsync("monitor", "drift", "--reference", Fixture("drift_ref_500.csv"), "--current", Fixture("drift_cur_500.csv"), "--json", "--method", "wasserstein", "--columns", "c00,c03");
        Assert.Equal(1, result.ExitCode); // c03 drifts: 1 of 2 columns is a share of 0.5
        var features = result.Json().GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(["c00", "c03"], features.Select(f => f.GetProperty("name").GetString()));
        Assert.All(features, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("p_value").ValueKind));
        Assert.All(features, f => Assert.Equal(0.1, f.GetProperty("threshold").GetDouble()));
    }

    [Fact]
    public async Task Drift_ShiftedCategories_ExitsOneAndReportsChiSquare()
    {
        using var keel = new KeelRunner();
        var reference = keel.WriteFile("ref.csv", Csv("color,size", Enumerable.Range(0, 300).Select(i => $"{(i % 3 == 0 ? "red" : "blue")},{i % 7}")));
        var current = keel.WriteFile("cur.csv", Csv("color,size", Enumerable.Range(0, 200).Select(i => $"{(i % 5 == 0 ? "blue" : "green")},{(i % 7) + 3}")));
        var result = await keel.RunAsync("monitor", "drift", "--reference", reference, "--current", current, "--json", "--report", "drift.html");
        Assert.Equal(1, result.ExitCode);
        var json = result.Json();
        Assert.True(json.GetProperty("dataset_drift").GetBoolean());
        var color = json.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "color");
        Assert.Equal("chi2", color.GetProperty("method").GetString());
        // "green" never occurs in the reference: χ² is infinite (null in JSON) and p = 0, as SciPy gives.
        Assert.Equal(JsonValueKind.Null, color.GetProperty("statistic").ValueKind);
        Assert.Equal(0.0, color.GetProperty("p_value").GetDouble());
        var html = File.ReadAllText(keel.PathOf("drift.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("dataset drift detected", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_Table_PrintsVerdict()
    {
        using var keel = new KeelRunner();
        var result = await keel.RunAsync("monitor", "drift", "--reference", Fixture("drift_ref_500.csv"), "--current", Fixture("drift_ref_500.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no dataset drift: 0 of 20 columns drifted", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--method", "bogus", "--method must be one of")]
    [InlineData("--columns", "c00,nope", "no column 'nope'")]
    [InlineData("--method", "auto", "--threshold needs a --method", "--threshold", "0.2")]
    [InlineData("--drift-share", "0", "--drift-share must be in (0, 1]")]
    public async Task Drift_BadInput_ExitsTwoWithMessage(string option, string value, string message, params string[] more)
    {
        using var keel = new KeelRunner();
        string[] args = ["monitor", "drift", "--reference", Fixture("drift_ref_500.csv"), "--current", Fixture("drift_cur_500.csv"), option, value, .. more];
        var result = await keel.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_MissingFileOrTypeMismatch_ExitsTwo()
    {
        using var keel = new KeelRunner();
        var missing = await keel.RunAsync("monitor", "drift", "--reference", "nope.csv", "--current", Fixture("drift_cur_500.csv"));
        Assert.Equal(2, missing.ExitCode);
        var reference = keel.WriteFile("a.csv", "x\n1\n2\n3\n");
        var current = keel.WriteFile("b.csv", "x\nred\nblue\ngreen\n");
        var mismatch = await keel.RunAsync("monitor", "drift", "--reference", reference, "--current", current);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("column 'x' is numeric in the reference", mismatch.Stderr, StringComparison.Ordinal);
    }
}
