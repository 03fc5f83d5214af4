using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Serving;

public sealed class ServeLimitsTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Theory]
    [InlineData("--max-concurrency", "0", "--max-concurrency must be at least 1, got 0")]
    [InlineData("--queue", "-1", "--queue must be 0 or more, got -1")]
    public async Task Serve_NoSlotsOrNegativeQueue_IsAUsageError(string option, string value, string expected)
    {
        _keel.WriteFile("train.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n");
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);

        var result = await _keel.RunAsync("serve", "--model", "m.keel", "--port", "0", option, value);

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
