using Keel.Data;
using Spectre.Console;

namespace Keel.Cli;

/// <summary>Runs a read with a progress bar on stderr when it is a terminal, and silently otherwise.</summary>
internal static class ReadProgress
{
    /// <summary>Calls <paramref name="work"/>, showing the share of the source's bytes read so far.</summary>
    public static T Run<T>(Terminal terminal, IFrameReader reader, string label, Func<T> work)
    {
        var total = reader.Statistics.TotalBytes;
        if (total <= 0)
        {
            return work();
        }
        return TerminalProgress.Run(terminal,
            [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn()],
            () => new TerminalProgress.Reading(reader.Statistics.BytesRead, total, label),
            work);
    }
}
