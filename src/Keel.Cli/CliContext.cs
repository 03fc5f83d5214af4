using Keel.Pipelines;
using Keel.Storage;

namespace Keel.Cli;

/// <summary>What every command runs against: the terminal, the clock and the directory it was started in.</summary>
internal sealed class CliContext(Terminal terminal, TimeProvider time, string workingDirectory)
{
    public Terminal Terminal { get; } = terminal;

    public TimeProvider Time { get; } = time;

    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Starts the runs <c>keel scheduler</c> fires; null for the default (see <c>SchedulerCommand</c>). Tests set a fake.</summary>
    public IPipelineLauncher? PipelineLauncher { get; init; }

    /// <summary>The workspace at or above the working directory (or KEEL_HOME).</summary>
    public KeelWorkspace OpenWorkspace() =>
        Environment.GetEnvironmentVariable(KeelWorkspace.HomeVariable) is { Length: > 0 }
            ? KeelWorkspace.Open()
            : KeelWorkspace.Open(WorkingDirectory);

    /// <summary>Resolves <paramref name="path"/> against the working directory.</summary>
    public string FullPath(string path) => path == "-" ? path : Path.GetFullPath(path, WorkingDirectory);
}
