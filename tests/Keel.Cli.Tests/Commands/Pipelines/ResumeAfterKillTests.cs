using System.Diagnostics;
using Keel.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Cli.Tests.Commands.Pipelines;

/// <summary>
/// A real <c>keel pipeline run</c> process is killed with SIGKILL while it trains; the store must open cleanly, the
/// run must show what finished, and <c>keel runs resume</c> must finish it without redoing the finished steps.
/// </summary>
public sealed class ResumeAfterKillTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task Resume_AfterKillNineDuringTraining_FinishesTheRunFromItsSucceededSteps()
    {
        var data = Path.Combine(RepoFiles.Root, "examples", "credit-risk", "data", "credit.csv");
        _keel.WriteFile("pipeline.yaml", $"""
            name: slow
            source: {"{"} file: '{data}' {"}"}
            split: {"{"} method: time, time_column: applied_at {"}"}
            train:
              label: defaulted
              algorithm: gbdt
              params: {"{"} rounds: 1500, learning_rate: 0.01, max_leaves: 31, min_samples_leaf: 5 {"}"}
            evaluate: {"{"} report: false {"}"}
            register: {"{"} model: slow, alias: champion {"}"}
            """);
        Assert.Equal(0, (await _keel.RunAsync("init")).ExitCode);

        using (var process = Start("pipeline", "run", "pipeline.yaml"))
        {
            try
            {
                await WaitForAsync(() => StepStatus("train") == "running", process, TimeSpan.FromSeconds(120));
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal("running", Scalar("SELECT status FROM runs WHERE id = 1"));
        Assert.Equal("succeeded", StepStatus("split"));

        var resumed = await _keel.RunAsync("runs", "resume", "1");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("↺ split kept from before the interruption", resumed.Stdout, StringComparison.Ordinal);
        Assert.Contains("✓ train", resumed.Stdout, StringComparison.Ordinal);
        Assert.Contains("registered models:/slow/1 and moved its alias to it", resumed.Stdout, StringComparison.Ordinal);
        Assert.Equal("succeeded", Scalar("SELECT status FROM runs WHERE id = 1"));
        Assert.Equal("1", Scalar("SELECT attempts FROM run_steps WHERE run_id = 1 AND name = 'split'"));
    }

    [Fact]
    public async Task Resume_UnknownOrSucceededRun_ExitsTwo()
    {
        await _keel.RunAsync("init");

        var unknown = await _keel.RunAsync("runs", "resume", "7");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("run 7 does not exist", unknown.Stderr, StringComparison.Ordinal);
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _keel.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "keel.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(Func<bool> condition, Process process, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"keel exited with {(process.HasExited ? process.ExitCode : 0)} before the condition held");
            Assert.True(watch.Elapsed < limit, "timed out waiting for the run to reach training");
            await Task.Delay(50);
        }
    }

    private string? StepStatus(string step)
    {
        try
        {
            return Scalar($"SELECT status FROM run_steps WHERE run_id = 1 AND name = '{step}'");
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private string? Scalar(string sql)
    {
        var path = Path.Combine(_keel.Directory, ".keel", "keel.db");
        if (!File.Exists(path))
        {
            return null;
        }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
