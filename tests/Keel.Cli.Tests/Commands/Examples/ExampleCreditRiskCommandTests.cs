using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Examples;

public sealed class ExampleCreditRiskCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task CreditRisk_Json_WritesTheFileAndReportsWhatItHolds()
    {
        var result = await _keel.RunAsync("example", "credit-risk", "--out", "data/credit.csv", "--rows", "1500", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var json = result.Json();
        var path = _keel.PathOf(Path.Combine("data", "credit.csv"));
        Assert.Equal(path, json.GetProperty("path").GetString());
        Assert.Equal(1500, json.GetProperty("rows").GetInt32());
        Assert.Equal(17, json.GetProperty("columns").GetInt32());
        Assert.Equal(15, json.GetProperty("duplicates").GetInt32());
        var records = File.ReadAllLines(path)[1..];
        Assert.Equal(1500, records.Length);
        var positives = records.Count(r => r.EndsWith(",1", StringComparison.Ordinal));
        Assert.Equal(positives / 1500.0, json.GetProperty("positives_share").GetDouble(), 12);
    }

    [Fact]
    public async Task CreditRisk_StartDaysDriftSeed_ReachTheGenerator()
    {
        var args = new[] { "example", "credit-risk", "--rows", "800", "--seed", "9", "--start", "2025-06-01", "--days", "10", "--drift", "0.7" };

        var first = await _keel.RunAsync([.. args, "--out", "a.csv"]);
        var second = await _keel.RunAsync([.. args, "--out", "b.csv"]);
        var otherSeed = await _keel.RunAsync("example", "credit-risk", "--rows", "800", "--seed", "10", "--start", "2025-06-01", "--days", "10", "--drift", "0.7", "--out", "c.csv");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, otherSeed.ExitCode);
        Assert.Contains("wrote 800 rows x 17 columns", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(_keel.PathOf("a.csv")), File.ReadAllBytes(_keel.PathOf("b.csv")));
        Assert.NotEqual(File.ReadAllBytes(_keel.PathOf("a.csv")), File.ReadAllBytes(_keel.PathOf("c.csv")));
        var times = File.ReadAllLines(_keel.PathOf("a.csv"))[1..].Select(r => r.Split(',')[1]).ToArray();
        Assert.All(times, t => Assert.InRange(string.CompareOrdinal(t, "2025-06-01T00:00:00Z"), 0, int.MaxValue));
        Assert.All(times, t => Assert.True(string.CompareOrdinal(t, "2025-06-11T00:00:00Z") < 0, t));
    }

    [Fact]
    public async Task CreditRisk_GeneratedFile_ProfilesWithKeel()
    {
        await _keel.RunAsync("example", "credit-risk", "--out", "credit.csv", "--rows", "1000");

        var result = await _keel.RunAsync("data", "profile", "credit.csv", "--json");

        Assert.Equal(0, result.ExitCode);
        var columns = result.Json().GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal(17, columns.Count);
        Assert.Equal("timestamp", columns["applied_at"]);
        Assert.Equal("categorical", columns["purpose"]);
        Assert.Equal("numeric", columns["income"]);
    }

    [Theory]
    [InlineData("--rows", "0", "--rows must be at least 1")]
    [InlineData("--rows", "many", "--rows")]
    [InlineData("--seed", "1.5", "--seed")]
    [InlineData("--drift", "1.5", "--drift must be between 0 and 1")]
    [InlineData("--drift", "-0.1", "--drift must be between 0 and 1")]
    [InlineData("--days", "0", "--days must be at least 1")]
    [InlineData("--start", "yesterday", "--start must be an ISO 8601 time")]
    [InlineData("--start", "9999-12-31T00:00:00Z", "--start plus --days")]
    public async Task CreditRisk_BadOption_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var result = await _keel.RunAsync("example", "credit-risk", "--out", "credit.csv", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(_keel.PathOf("credit.csv")));
    }

    [Fact]
    public async Task CreditRisk_NoOut_ExitsTwoNamingOut()
    {
        var result = await _keel.RunAsync("example", "credit-risk");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreditRisk_CommandInTheExampleReadme_RegeneratesTheCommittedFile()
    {
        // examples/credit-risk/README.md documents this command; the committed data must be what it writes.
        var result = await _keel.RunAsync("example", "credit-risk", "--out", "credit.csv", "--rows", "10000", "--seed", "42");

        Assert.Equal(0, result.ExitCode);
        var committed = Path.Combine(RepoFiles.Root, "examples", "credit-risk", "data", "credit.csv");
        Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(_keel.PathOf("credit.csv")));
    }
}
