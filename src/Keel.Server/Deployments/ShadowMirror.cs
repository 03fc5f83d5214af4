using System.Threading.Channels;
using Keel.Learning;
using Keel.Server.Inference;
using Keel.Serving;
using Keel.Serving.Deployments;
using Microsoft.Extensions.Hosting;

namespace Keel.Server.Deployments;

/// <summary>
/// Scores mirrored requests on the shadow model after the client has its answer: requests queue on a bounded channel
/// (a full queue drops the mirror, never delays the client), workers score each with the shadow, write its rows to the
/// inference log as role <c>shadow</c> under inference id <c>{primary inference id}:shadow</c>, record the shadow's
/// latency and errors in the table's candidate metrics and compare its predictions with the primary's in the table's
/// <see cref="ShadowAgreement"/>. Thread-safe.
/// </summary>
internal sealed class ShadowMirror : BackgroundService
{
    private const int Workers = 2;

    private readonly Channel<ShadowWork> _queue;
    private readonly PredictionRunner _runner;
    private readonly TimeProvider _time;
    private long _dropped;

    public ShadowMirror(ServerOptions options, PredictionRunner runner, TimeProvider time)
    {
        _queue = Channel.CreateBounded<ShadowWork>(new BoundedChannelOptions(options.ShadowQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _runner = runner;
        _time = time;
    }

    /// <summary>Mirrors dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues one mirrored request; returns at once. True when queued: the mirror then owns <paramref name="input"/>
    /// and disposes it once the shadow has scored it; false (the queue is full) leaves it to the caller.
    /// </summary>
    public bool Enqueue(RoutingTable<ServedModel> table, ServedModel shadow, InputTable input, ScoredBatch primary, string? requestId)
    {
        if (_queue.Writer.TryWrite(new ShadowWork(table, shadow, input, primary, requestId)))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new Task[Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None);
        }
        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await MirrorAsync(work, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    work.Input.Dispose();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping; mirrors still queued are dropped (they were never part of an answer).
        }
    }

    private async Task MirrorAsync(ShadowWork work, CancellationToken cancellationToken)
    {
        var table = work.Table;
        var started = _time.GetTimestamp();
        ScoredBatch batch;
        try
        {
            var tag = new DeploymentTag(table.Revision.Deployment, table.Revision.Number, DeploymentTag.Shadow);
            batch = await _runner.ScoreAsync(work.Shadow, work.Input, work.RequestId, started, tag, work.Primary.InferenceId + ":shadow", cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the shadow does wrong stays here: it is counted, never seen by a client.
            table.CandidateMetrics.Record(_time.GetElapsedTime(started).TotalMilliseconds, error: true);
            table.ShadowAgreement.RecordShadowFailure();
            return;
        }
        table.CandidateMetrics.Record(_time.GetElapsedTime(started).TotalMilliseconds, error: false);
        Compare(work.Primary.Predictions, batch.Predictions, table.ShadowAgreement);
    }

    private static void Compare(Predictions primary, Predictions shadow, ShadowAgreement agreement)
    {
        var rows = Math.Min(primary.Rows, shadow.Rows);
        if (primary.Values is { } a && shadow.Values is { } b)
        {
            for (var r = 0; r < rows; r++)
            {
                agreement.RecordValue(a[r], b[r]);
            }
        }
        else if (primary.ClassCodes is not null && shadow.ClassCodes is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                agreement.RecordClass(primary.Label(r), shadow.Label(r));
            }
        }
    }

    private sealed record ShadowWork(RoutingTable<ServedModel> Table, ServedModel Shadow, InputTable Input, ScoredBatch Primary, string? RequestId);
}
