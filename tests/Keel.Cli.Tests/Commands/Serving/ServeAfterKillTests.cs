using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Cli.Tests.Support;
using Keel.Server.Mlflow;
using Keel.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Keel.Cli.Tests.Commands.Serving;

/// <summary>
/// A real <c>keel serve</c> process is killed with SIGKILL while several clients score through it. Every prediction a
/// client got a 200 for must be in the inference log, row for row; the store must open cleanly; and a server
/// restarted on the same workspace must answer and log as before.
/// </summary>
public sealed partial class ServeAfterKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 8;
    private const int AcknowledgedBeforeKill = 300;

    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task Serve_KilledUnderLoad_EveryAcknowledgedPredictionIsLoggedAndTheStoreReopens()
    {
        Assert.Equal(0, (await _keel.RunAsync("init")).ExitCode);
        var trained = await _keel.RunAsync("train", "--data", RepoFiles.ExampleData("customers.csv"), "--label", "defaulted", "--algorithm", "logistic", "--out", "m.keel");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var acknowledged = new ConcurrentDictionary<string, int>();
        var failed = 0;
        using (var server = await ServerProcess.StartAsync(_keel.Directory))
        {
            try
            {
                using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
                using var stop = new CancellationTokenSource();
                var load = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var rows = 1 + ((c + i) % 4);
                        try
                        {
                            using var response = await client.PostAsync("/invocations", Records(rows, c * 100_000 + i));
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                            acknowledged[Assert.Single(response.Headers.GetValues(MlflowScoringApi.InferenceIdHeader))] = rows;
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                        {
                            // The server died under this request: its client got no answer, so nothing was promised.
                            Interlocked.Increment(ref failed);
                            return;
                        }
                    }
                })).ToArray();
                await WaitForAsync(() => acknowledged.Count >= AcknowledgedBeforeKill, server.Process, "the clients to get their first answers");
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
            finally
            {
                server.Kill();
            }
        }

        var database = Path.Combine(_keel.Directory, ".keel", "keel.db");
        Assert.Equal("ok", Scalar(database, "PRAGMA integrity_check"));
        long logged;
        using (var store = await MetadataStore.OpenAsync(database, TimeProvider.System))
        {
            // Opening the log replays the journal segment the killed server left into the store.
            await using var log = await InferenceLog.OpenAsync(store);
            output.WriteLine($"recovered from the journal: {log.Recovered}");
            Assert.Equal(1, log.Recovered.Segments);
            logged = long.Parse(Scalar(database, "SELECT COUNT(*) FROM inference_log")!, CultureInfo.InvariantCulture);
            foreach (var (inferenceId, rows) in acknowledged)
            {
                var records = await log.ReadAsync(inferenceId);
                Assert.True(records.Count == rows, $"inference {inferenceId} was answered 200 for {rows} rows but the log has {records.Count}");
                for (var r = 0; r < rows; r++)
                {
                    Assert.Equal($"{inferenceId}:{r}", records[r].PredictionId);
                }
            }
        }
        output.WriteLine($"{acknowledged.Count} requests ({acknowledged.Values.Sum()} rows) answered 200 before the kill, {failed} clients cut off; " +
            $"{logged} rows in inference_log ({logged - acknowledged.Values.Sum()} committed but never answered)");
        Assert.True(logged >= acknowledged.Values.Sum());
        Assert.Empty(Directory.GetFiles(database + ".inference"));

        using (var restarted = await ServerProcess.StartAsync(_keel.Directory))
        {
            try
            {
                using var client = new HttpClient { BaseAddress = restarted.Address };
                using var response = await client.PostAsync("/invocations", Records(3, 7));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var inferenceId = Assert.Single(response.Headers.GetValues(MlflowScoringApi.InferenceIdHeader));
                // Acknowledged means journalled; the copy into the table follows within moments.
                await WaitForAsync(() => Scalar(database, $"SELECT COUNT(*) FROM inference_log WHERE inference_id = '{inferenceId}'") == "3",
                    restarted.Process, "the restarted server's records to reach the table");
            }
            finally
            {
                restarted.Kill();
            }
        }
    }

    /// <summary>An MLflow dataframe_records body of <paramref name="rows"/> customers, varied by <paramref name="seed"/>.</summary>
    private static StringContent Records(int rows, int seed)
    {
        var body = new StringBuilder("{\"dataframe_records\": [");
        for (var r = 0; r < rows; r++)
        {
            body.Append(CultureInfo.InvariantCulture, $$"""
                {"customer_id": "K{{seed}}-{{r}}", "email": "k{{seed}}@example.com", "age": {{20 + (seed + r) % 50}}, "city": "Porto", "plan": "plus",
                 "income": {{1000 + seed % 5000}}.5, "credit_limit": 14021.85, "balance": {{r * 250}}, "signup_time": "2025-11-20T16:57:00Z",
                 "last_seen": "2025-12-06T16:57:00Z", "note": "load"}
                """).Append(r + 1 < rows ? "," : "]}");
        }
        return new StringContent(body.ToString(), Encoding.UTF8, "application/json");
    }

    private static async Task WaitForAsync(Func<bool> condition, Process process, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"keel serve exited before {what}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static string? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningAddress();

    /// <summary>A <c>keel serve --model m.keel --port 0</c> child process, ready once its health check answers.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private ServerProcess(Process process, Uri address)
        {
            Process = process;
            Address = address;
        }

        public Process Process { get; }

        public Uri Address { get; }

        public static async Task<ServerProcess> StartAsync(string directory)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "keel.dll"), "serve", "--model", "m.keel", "--port", "0" })
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start)!;
            var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, line) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(line.Data);
                }
                if (line.Data is not null && ListeningAddress().Match(line.Data) is { Success: true } match)
                {
                    address.TrySetResult(new Uri(match.Value));
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await WaitForAsync(() => address.Task.IsCompleted, process, "keel serve to say where it listens");
                var server = new ServerProcess(process, await address.Task);
                using var client = new HttpClient { BaseAddress = server.Address };
                var watch = Stopwatch.StartNew();
                while (!await IsReadyAsync(client))
                {
                    Assert.False(process.HasExited, "keel serve exited before it was ready");
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), "timed out waiting for /v2/health/ready");
                    await Task.Delay(20);
                }
                return server;
            }
            catch (Exception ex)
            {
                KillNine(process);
                process.Dispose();
                lock (stderr)
                {
                    throw new InvalidOperationException($"keel serve did not come up ({ex.Message}); stderr:\n{stderr}", ex);
                }
            }
        }

        /// <summary>SIGKILL: no drain, no flush, no dispose.</summary>
        public void Kill() => KillNine(Process);

        public void Dispose()
        {
            Kill();
            Process.Dispose();
        }

        private static void KillNine(Process process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        private static async Task<bool> IsReadyAsync(HttpClient client)
        {
            try
            {
                using var response = await client.GetAsync("/v2/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }
}
