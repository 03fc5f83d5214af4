using Keel.Learning.Transforms;
using Keel.Server.Monitoring;
using Keel.Serving;
using Keel.Storage;

namespace Keel.Server.Inference;

/// <summary>
/// Scores one request for either protocol: checks the rows against the model's schema, predicts, gives the request
/// an id, and — when the server keeps an inference log — waits until the predictions are committed there before
/// returning, so no answer leaves the server without its record; the scored rows go on to the live monitor.
/// Thread-safe.
/// </summary>
internal sealed class PredictionRunner(TimeProvider time, InferenceLog? log, LiveMonitor monitor)
{
    /// <summary>Scores <paramref name="input"/> with <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="input">The rows, as sent.</param>
    /// <param name="requestId">The client's id of the request, if it gave one.</param>
    /// <param name="started">The <see cref="TimeProvider.GetTimestamp"/> at which the request arrived.</param>
    /// <param name="cancellationToken">Stops waiting for the log (the write itself still happens).</param>
    /// <exception cref="InputValidationException">The rows do not fit the model.</exception>
    public Task<ScoredBatch> ScoreAsync(ServedModel model, InputTable input, string? requestId, long started, CancellationToken cancellationToken) =>
        ScoreAsync(model, input, requestId, started, null, null, cancellationToken);

    /// <summary>
    /// Scores <paramref name="input"/> for a deployment: as the other overload, with the records tagged by
    /// <paramref name="tag"/> and, for a shadow, under <paramref name="inferenceId"/> (null: a fresh id).
    /// </summary>
    public async Task<ScoredBatch> ScoreAsync(
        ServedModel model, InputTable input, string? requestId, long started, DeploymentTag? tag, string? inferenceId, CancellationToken cancellationToken)
    {
        var frame = model.Binder.Bind(input);
        try
        {
            Learning.Predictions predictions;
            try
            {
                predictions = model.Model.Predict(frame);
            }
            catch (Exception ex) when (ex is ArgumentException or TransformException)
            {
                throw new InputValidationException(ex.Message);
            }
            var now = time.GetUtcNow();
            var batch = new ScoredBatch(model, inferenceId ?? InferenceIds.Next(now), predictions);
            if (log is not null)
            {
                var records = InferenceRecords.Build(batch, frame, requestId, log.Mask, time.GetElapsedTime(started), now, tag);
                await log.AppendAsync(records, cancellationToken).ConfigureAwait(false);
            }
            monitor.Observe(model, tag, frame, predictions, now);
            return batch;
        }
        finally
        {
            // The record is encoded, the monitor has copied the rows and the predictions hold none of the frame's arrays.
            model.Binder.Release(frame);
        }
    }
}
