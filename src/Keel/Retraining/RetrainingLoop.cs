using Keel.Data;
using Keel.Learning;
using Keel.Registry;
using Keel.Serving.Deployments;

namespace Keel.Retraining;

/// <summary>
/// The closed loop for one deployment, one <see cref="TickAsync"/> at a time: with no retrain in progress it asks
/// <see cref="RetrainingController.Decide"/> whether to start one; a started retrain trains a candidate
/// (<see cref="ICandidateTrainer"/>), measures it and the champion on the same recent labelled holdout, and either
/// rejects it or releases it by the policy's plan (shadow revision, then canary revision, whose own gates, judged by the
/// <see cref="CanaryController"/> the server runs, promote it or roll it back); later ticks move the plan on and record
/// how the release ended. Every step is in the <see cref="RetrainingJournal"/> (and so the audit log) and in the
/// deployment's revision reasons, which name the retrain and its cause.
/// </summary>
/// <remarks>
/// All state lives in the store (journal and revisions), so a loop restarted mid-release carries on; a retrain found
/// running with no candidate was either just approved (<see cref="RetrainingJournal.DecideApprovalAsync"/>: it trains now)
/// or interrupted while training (recorded as failed). Not thread-safe: one ticker.
/// </remarks>
public sealed class RetrainingLoop
{
    private readonly RetrainingPolicy _policy;
    private readonly DeploymentCatalog _catalog;
    private readonly RetrainingJournal _journal;
    private readonly ICandidateTrainer _trainer;
    private readonly Func<ModelReference, CancellationToken, Task<Model>> _loadModel;
    private readonly Func<Model, CancellationToken, Task<LabelledHoldout>> _holdout;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _since;

    /// <summary>A loop for <paramref name="policy"/>'s deployment.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="catalog">Where the deployment's revisions are read and written.</param>
    /// <param name="journal">Where retrains are recorded.</param>
    /// <param name="trainer">Trains candidates.</param>
    /// <param name="loadModel">Loads a registered model (the champion).</param>
    /// <param name="holdout">Reads the recent labelled holdout both models are measured on, typed by the champion's schema; read before training, so the candidate trains only on older labelled predictions.</param>
    /// <param name="time">The clock.</param>
    public RetrainingLoop(
        RetrainingPolicy policy, DeploymentCatalog catalog, RetrainingJournal journal, ICandidateTrainer trainer,
        Func<ModelReference, CancellationToken, Task<Model>> loadModel, Func<Model, CancellationToken, Task<LabelledHoldout>> holdout, TimeProvider time)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        _loadModel = loadModel ?? throw new ArgumentNullException(nameof(loadModel));
        _holdout = holdout ?? throw new ArgumentNullException(nameof(holdout));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _since = time.GetUtcNow();
    }

    /// <summary>The deployment this loop retrains.</summary>
    public string Deployment => _policy.Deployment;

    /// <summary>One step of the loop with the deployment's current <paramref name="signals"/>.</summary>
    /// <returns>What the step did, in a sentence (also in the journal when it changed something).</returns>
    /// <exception cref="InvalidOperationException">The policy's deployment does not exist.</exception>
    public async Task<string> TickAsync(RetrainingSignals signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var deployment = _policy.Deployment;
        var entries = await _journal.ListAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (entries.LastOrDefault(e => e.Record.IsActive) is { } active)
        {
            return active.Record.Outcome == RetrainOutcome.AwaitingApproval
                ? $"retrain {active.Id} awaits approval"
                : await FollowAsync(active, cancellationToken).ConfigureAwait(false);
        }
        var now = _time.GetUtcNow();
        var decision = RetrainingController.Decide(_policy, signals, new RetrainingHistory(_since, [.. entries.Select(e => e.Record)]), now);
        switch (decision.Action)
        {
            case RetrainingAction.AwaitApproval:
                var waiting = await _journal.StartAsync(deployment, decision.Trigger!.Describe(), RetrainOutcome.AwaitingApproval, cancellationToken).ConfigureAwait(false);
                return $"retrain {waiting} awaits approval: {decision.Detail}";
            case RetrainingAction.Retrain:
                var cause = decision.Trigger!.Describe();
                var id = await _journal.StartAsync(deployment, cause, RetrainOutcome.Running, cancellationToken).ConfigureAwait(false);
                return await RetrainAsync(id, cause, cancellationToken).ConfigureAwait(false);
            default:
                return decision.Detail;
        }
    }

    private async Task<string> RetrainAsync(long id, string cause, CancellationToken cancellationToken)
    {
        var deployment = _policy.Deployment;
        TrainedCandidate candidate;
        Frame holdout;
        Model champion;
        DeploymentRevision current;
        try
        {
            current = (await _catalog.GetAsync(deployment, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"no deployment '{deployment}'")).Current;
            champion = await _loadModel(current.Spec.Primary, cancellationToken).ConfigureAwait(false);
            var labelled = await _holdout(champion, cancellationToken).ConfigureAwait(false);
            if (labelled.Rows.RowCount == 0)
            {
                throw new InvalidOperationException("no labelled predictions in the data window to compare the candidate and the champion on");
            }
            holdout = labelled.Rows;
            candidate = await _trainer.TrainAsync(_policy, id, labelled.From, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await _journal.UpdateAsync(id, RetrainOutcome.Failed, null, null, ex.Message, cancellationToken).ConfigureAwait(false);
            return $"retrain {id} ({cause}) failed: {ex.Message}";
        }
        var reference = candidate.Reference.ToString();
        if (candidate.Reference == current.Spec.Primary)
        {
            var same = $"the pipeline gave back the serving model {reference}: nothing in its data or settings changed";
            await _journal.UpdateAsync(id, RetrainOutcome.Rejected, candidate.RunId, reference, same, cancellationToken).ConfigureAwait(false);
            return $"retrain {id} ({cause}): {same}";
        }
        var (verdict, measured, championMetrics) = RetrainingController.JudgeOnHoldout(_policy, candidate.Model, champion, holdout);
        var trained = candidate.FeedbackRows > 0 ? $"; trained with {candidate.FeedbackRows} labelled predictions besides the pipeline's source" : "";
        if (!verdict.Accepted)
        {
            var rejected = $"candidate {reference} rejected on {holdout.RowCount} recent labelled rows: {verdict.Detail}{trained}";
            await _journal.UpdateAsync(id, RetrainOutcome.Rejected, candidate.RunId, reference, rejected, cancellationToken).ConfigureAwait(false);
            return $"retrain {id} ({cause}): {rejected}";
        }
        var stage = RetrainingController.Plan(_policy, current.Spec.Primary, candidate.Reference)[0];
        var reason = $"retrain {id} ({cause}): {stage.Name} of {reference}; {verdict.Detail}";
        var released = $"{reference} released as {stage.Name} ({verdict.Detail}; champion {Show(championMetrics)}, candidate {Show(measured)}{trained})";
        // The journal names the candidate before the deployment carries it: a loop stopped between the two writes
        // finds the release unfinished and completes it, rather than a running retrain with no candidate.
        await _journal.UpdateAsync(id, RetrainOutcome.Running, candidate.RunId, reference, RetrainingJournal.Releasing + released, cancellationToken)
            .ConfigureAwait(false);
        await _catalog.ReviseAsync(deployment, stage.Spec, reason, current.Number, cancellationToken).ConfigureAwait(false);
        await _journal.UpdateAsync(id, RetrainOutcome.Running, null, null, released, cancellationToken).ConfigureAwait(false);
        return $"retrain {id} ({cause}): {released}";
    }

    // An accepted candidate whose release was interrupted: put it in the plan's first stage unless the deployment
    // already carries it, then record the release.
    private async Task<string> FinishReleaseAsync(RetrainEntry active, ModelReference candidate, DeploymentRevision current, CancellationToken cancellationToken)
    {
        var released = active.Detail![RetrainingJournal.Releasing.Length..];
        if (current.Spec.Candidate != candidate && current.Spec.Primary != candidate)
        {
            var stage = RetrainingController.Plan(_policy, current.Spec.Primary, candidate)[0];
            await _catalog.ReviseAsync(_policy.Deployment, stage.Spec,
                $"retrain {active.Id} ({active.Record.Cause}): {stage.Name} of {candidate} (release resumed)", current.Number, cancellationToken).ConfigureAwait(false);
        }
        await _journal.UpdateAsync(active.Id, RetrainOutcome.Running, null, null, released, cancellationToken).ConfigureAwait(false);
        return $"retrain {active.Id} ({active.Record.Cause}): {released} (release resumed)";
    }

    // A released retrain: move a finished shadow stage on to the canary, and record how the canary ended.
    private async Task<string> FollowAsync(RetrainEntry active, CancellationToken cancellationToken)
    {
        var deployment = _policy.Deployment;
        if (active.Candidate is null && active.Detail == RetrainingJournal.Approved)
        {
            return await RetrainAsync(active.Id, active.Record.Cause, cancellationToken).ConfigureAwait(false);
        }
        if (active.Candidate is not { } reference)
        {
            await _journal.UpdateAsync(active.Id, RetrainOutcome.Failed, null, null, "interrupted before its candidate was registered", cancellationToken)
                .ConfigureAwait(false);
            return $"retrain {active.Id} was interrupted while training; recorded as failed";
        }
        var candidate = ModelReference.Parse(reference);
        var current = (await _catalog.GetAsync(deployment, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no deployment '{deployment}'")).Current;
        if (active.Detail?.StartsWith(RetrainingJournal.Releasing, StringComparison.Ordinal) == true)
        {
            return await FinishReleaseAsync(active, candidate, current, cancellationToken).ConfigureAwait(false);
        }
        var spec = current.Spec;
        if (spec.Strategy == DeploymentStrategy.Single || spec.Candidate != candidate)
        {
            var promoted = spec.Primary == candidate;
            var outcome = promoted ? RetrainOutcome.Promoted : RetrainOutcome.RolledBack;
            var ended = $"revision {current.Number} ({current.Change}): {current.Reason}";
            await _journal.UpdateAsync(active.Id, outcome, null, null, ended, cancellationToken).ConfigureAwait(false);
            return $"retrain {active.Id}: {RetrainingJournal.Name(outcome).Replace('_', ' ')} — {ended}";
        }
        if (spec.Strategy == DeploymentStrategy.Shadow && _time.GetUtcNow() >= current.CreatedAt + (_policy.Release.Shadow ?? TimeSpan.Zero))
        {
            var next = RetrainingController.Plan(_policy, spec.Primary, candidate).Skip(1).FirstOrDefault();
            if (next is not null)
            {
                await _catalog.ReviseAsync(deployment, next.Spec, $"retrain {active.Id} ({active.Record.Cause}): shadow period over, {next.Name} of {reference}",
                    current.Number, cancellationToken).ConfigureAwait(false);
                await _journal.UpdateAsync(active.Id, RetrainOutcome.Running, null, null, $"{reference} in {next.Name}", cancellationToken).ConfigureAwait(false);
                return $"retrain {active.Id}: shadow period over, {next.Name} started";
            }
        }
        return $"retrain {active.Id}: {reference} in {(spec.Strategy == DeploymentStrategy.Shadow ? "shadow" : "canary")} (revision {current.Number})";
    }

    private static string Show(IReadOnlyDictionary<string, double>? metrics) =>
        metrics is null ? "none" : string.Join(", ", metrics.Where(m => m.Key is "auc" or "accuracy" or "f1" or "rmse")
            .Select(m => $"{m.Key} {m.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}"));
}
