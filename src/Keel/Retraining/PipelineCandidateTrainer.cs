using System.Globalization;
using Keel.Learning;
using Keel.Pipelines;
using Keel.Registry;

namespace Keel.Retraining;

/// <summary>
/// Trains a candidate by running the policy's pipeline (its path relative to <paramref name="policyDirectory"/>) as
/// a run triggered by the retrain, and takes the model version its register step registered. Fresh data reaches the
/// pipeline through its source (a glob of files, or a dataset's latest version, that grows with new labelled data)
/// and, with <see cref="RetrainingData.IncludeFeedback"/>, the deployment's labelled predictions of the data window
/// less the holdout (<see cref="LabelledTraffic.WriteTrainingRowsAsync"/>), added to the run as an extra source of kind
/// <c>feedback</c>. The pipeline should register without moving the alias the deployment is known by: the loop, not
/// the pipeline, decides when the candidate replaces the champion.
/// </summary>
public sealed class PipelineCandidateTrainer(PipelineServices services, string policyDirectory) : ICandidateTrainer
{
    private readonly PipelineServices _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The run did not succeed, or registered no model.</exception>
    public async Task<TrainedCandidate> TrainAsync(RetrainingPolicy policy, long retrainId, DateTimeOffset? holdoutFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var path = Path.GetFullPath(Path.Combine(policyDirectory, policy.Pipeline));
        var spec = PipelineFile.Load(path);
        var feedback = Path.Combine(_services.Workspace.TempDirectory, $"retrain-{retrainId.ToString(CultureInfo.InvariantCulture)}-feedback.csv");
        try
        {
            var added = policy.Data.IncludeFeedback ? await WriteFeedbackAsync(policy, spec, holdoutFrom, feedback, cancellationToken).ConfigureAwait(false) : 0;
            ExtraSource[] extra = added == 0 ? [] : [new ExtraSource(feedback, $"feedback (retrain {retrainId})", "feedback")];
            var result = await new PipelineRunner(_services).RunAsync(
                spec, new RunTrigger("retrain", $"retrain {retrainId} of deployment {policy.Deployment}"), path, extra, cancellationToken).ConfigureAwait(false);
            if (result.Run.Status != RunStatus.Succeeded)
            {
                throw new InvalidOperationException($"pipeline run {result.Run.Id} ({spec.Name}) {result.Run.Status.ToString().ToLowerInvariant()}: {result.Run.Error}");
            }
            var registered = result.Registered
                ?? throw new InvalidOperationException($"pipeline run {result.Run.Id} ({spec.Name}) registered no model: the retraining pipeline needs a register step");
            var model = await Task.Run(() => Model.Load(_services.Artifacts.GetPath(registered.ContentId)), cancellationToken).ConfigureAwait(false);
            return new TrainedCandidate(registered.Reference, model, result.Run.Id) { FeedbackRows = added };
        }
        finally
        {
            // The load step keeps its own copy in the artifact store.
            if (File.Exists(feedback))
            {
                File.Delete(feedback);
            }
        }
    }

    // The labelled traffic as the pipeline's source would hold it: its label column, and its time column for a time split.
    private async Task<int> WriteFeedbackAsync(RetrainingPolicy policy, PipelineSpec spec, DateTimeOffset? holdoutFrom, string path, CancellationToken cancellationToken)
    {
        var time = spec.Split.Method == "time" ? spec.Split.TimeColumn : null;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return await LabelledTraffic.WriteTrainingRowsAsync(
            _services.Store, policy, _services.Store.TimeProvider.GetUtcNow(), holdoutFrom, spec.Train.Label, time, path, cancellationToken).ConfigureAwait(false);
    }
}
