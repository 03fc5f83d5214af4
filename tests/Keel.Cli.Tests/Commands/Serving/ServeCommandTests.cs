using System.Net;
using System.Net.Sockets;
using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Serving;

public sealed class ServeCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task Serve_NoSuchModelFile_IsAUsageError()
    {
        var result = await _keel.RunAsync("serve", "--model", "absent.keel");

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains("absent.keel: no such model file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoModelOutsideAWorkspace_IsAUsageErrorBecauseDeploymentsLiveInOne()
    {
        var result = await _keel.RunAsync("serve", "--port", "0");

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains("keel init", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NameWithoutModel_IsAUsageError()
    {
        var result = await _keel.RunAsync("serve", "--name", "churn");

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains("--name names the model of --model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortTaken_SaysItCannotListenAndExits2()
    {
        _keel.WriteFile("train.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n");
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await _keel.RunAsync("serve", "--model", "m.keel", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "has space", "--name")]
    [InlineData("--host", "example", "--host must be an IP address")]
    public async Task Serve_BadNameOrHost_IsAUsageError(string option, string value, string expected)
    {
        _keel.WriteFile("train.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n");
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);

        var result = await _keel.RunAsync("serve", "--model", "m.keel", "--port", "0", option, value);

        Assert.Equal(ExitCodes.UsageOrInput, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
