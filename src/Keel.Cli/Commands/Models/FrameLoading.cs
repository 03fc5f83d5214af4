using Keel.Data;
using Keel.Data.Profiles;
using Keel.Data.Reading;

namespace Keel.Cli.Commands;

/// <summary>Reads a whole data input into memory (training needs every row), profiling it on the way.</summary>
internal static class FrameLoading
{
    public sealed record Loaded(Frame Frame, DatasetProfile Profile, DatasetInput Input, ReadStatistics Statistics);

    public static async Task<Loaded> LoadAsync(CliContext context, string source, ReadOptions options, string label, CancellationToken ct)
    {
        var input = await DatasetInput.ResolveAsync(context, source, ct);
        using var reader = input.Open(options);
        var builder = new ProfileBuilder(reader.Schema, ProfileOptions.Reference);
        var chunks = new List<Frame>();
        ReadProgress.Run(context.Terminal, reader, label, () =>
        {
            foreach (var chunk in reader.ReadChunksAhead(cancellationToken: ct))
            {
                builder.Add(chunk);
                chunks.Add(chunk);
            }
            return 0;
        });
        ProfileRun.ReportQuarantine(context, reader.Statistics, reader.QuarantinePath);
        return new Loaded(FrameConcat.Concat(reader.Schema, chunks), builder.Build(), input, reader.Statistics);
    }
}
