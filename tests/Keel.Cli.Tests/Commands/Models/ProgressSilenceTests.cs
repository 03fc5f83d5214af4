using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Models;

/// <summary>Progress bars are for terminals only: redirected stderr, as in these runs, gets nothing from training or search.</summary>
public sealed class ProgressSilenceTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    private void WriteData()
    {
        var rng = new Random(11);
        var sb = new StringBuilder("x,z,y\n");
        for (var i = 0; i < 300; i++)
        {
            var x = rng.NextDouble();
            var z = rng.NextDouble();
            sb.Append(CultureInfo.InvariantCulture, $"{x:0.####},{z:0.####},{(x + (0.3 * z) > 0.6 ? 1 : 0)}\n");
        }
        _keel.WriteFile("train.csv", sb.ToString());
    }

    [Theory]
    [InlineData("gbdt")]
    [InlineData("forest")]
    [InlineData("logistic")]
    public async Task Train_RedirectedStderr_WritesNothingThere(string algorithm)
    {
        WriteData();

        var result = await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", algorithm, "--cv", "3", "--holdout", "0.2", "--out", "m.keel", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        Assert.Equal(JsonValueKind.Object, result.Json().ValueKind);
    }

    [Fact]
    public async Task Search_RedirectedStderr_WritesNothingThere()
    {
        WriteData();

        var result = await _keel.RunAsync("search", "--data", "train.csv", "--label", "y", "--algorithm", "gbdt", "--grid", "max_leaves=4,8",
            "--param", "rounds=10", "--method", "halving", "--trials", "2", "--out", "best.keel", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        Assert.Equal(JsonValueKind.Object, result.Json().ValueKind);
    }

}
