using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

/// <summary>
/// Debian's real Alertmanager, started on a free loopback port with its storage in a temp directory and clustering
/// off, routing every alert to one webhook receiver. Dispose kills the process it started (and only that one).
/// </summary>
internal sealed class AlertmanagerProcess : IDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";
    public const string Package = "prometheus-alertmanager";

    private readonly TempDirectory _directory = new();
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(string webhookUrl)
    {
        Port = FreePort();
        var config = _directory.Combine("alertmanager.yml");
        File.WriteAllText(config, $"""
            route:
              receiver: keel-test
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: keel-test
                webhook_configs:
                  - url: "{webhookUrl}"
                    send_resolved: true
            """);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.path={_directory.Combine("data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{Port}");
        start.ArgumentList.Add("--cluster.listen-address=");
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Alertmanager and waits (up to 30s) until <c>/-/ready</c> answers 200.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(string webhookUrl, HttpClient http)
    {
        var alertmanager = new AlertmanagerProcess(webhookUrl);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (alertmanager._process.HasExited)
            {
                var log = alertmanager.Log;
                alertmanager.Dispose();
                throw new InvalidOperationException($"alertmanager exited with {alertmanager._process.ExitCode}:\n{log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(alertmanager.Url, "/-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        var output = alertmanager.Log;
        alertmanager.Dispose();
        throw new TimeoutException($"alertmanager was not ready within 30s:\n{output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
