using System.CommandLine;
using System.Globalization;
using Keel.Serving.Deployments;

namespace Keel.Cli.Commands;

/// <summary>The options that write a deployment specification (<c>keel deploy create</c> and <c>update</c>), bound to a <see cref="DeploymentRequest"/>.</summary>
internal sealed class DeploySpecOptions
{
    public Option<string?> Model { get; } = new("--model") { Description = "The primary model (live, stable, variant A): models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest; pinned to its version" };

    public Option<string> Strategy { get; } = new("--strategy") { Description = "single, blue-green, canary, shadow or ab", DefaultValueFactory = _ => "single" };

    public Option<string?> Candidate { get; } = new("--candidate") { Description = "The second model: the blue-green standby, the canary, the shadow, or variant B" };

    public Option<string?> Steps { get; } = new("--steps") { Description = "Canary: the candidate's traffic share per step in percent, e.g. 5,25,50,100" };

    public Option<string?> StepDuration { get; } = new("--step-duration") { Description = "Canary: how long each step runs before its gates are judged, e.g. 90s, 5m, 1h" };

    public Option<long?> MinRequests { get; } = new("--min-requests") { Description = "Canary: requests the candidate must answer in a step before any gate is judged (default 100)" };

    public Option<string?> PromoteGate { get; } = new("--promote-gate") { Description = "Canary: what the candidate must meet at the end of a step, e.g. 'error_rate <= 0.01 and p99_ms <= 2 * stable.p99_ms'" };

    public Option<string?> RollbackGate { get; } = new("--rollback-gate") { Description = "Canary: what rolls back at once, e.g. 'error_rate > 0.05'" };

    public Option<double?> ShadowFraction { get; } = new("--shadow-fraction") { Description = "Shadow: the fraction of requests mirrored, in (0, 1] (default 1)" };

    public Option<double?> Split { get; } = new("--split") { Description = "A/B: variant B's share of callers, in (0, 1) (default 0.5)" };

    public Option<string?> StickyKey { get; } = new("--sticky-key") { Description = "A/B (or canary): keep each caller on one variant by this key (sent as the X-Keel-Route-Key header)" };

    public Option<string?> Reason { get; } = new("--reason") { Description = "Why (kept with the revision and in the audit log)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Strategy, Candidate, Steps, StepDuration, MinRequests, PromoteGate, RollbackGate, ShadowFraction, Split, StickyKey, Reason })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The specification the options describe; <paramref name="defaultModel"/> stands in for a missing --model.</summary>
    public DeploymentSpec Bind(ParseResult result, string? defaultModel)
    {
        var request = new DeploymentRequest
        {
            Strategy = result.GetValue(Strategy),
            Model = result.GetValue(Model) ?? defaultModel ?? throw new UserException("--model is required"),
            Candidate = result.GetValue(Candidate),
            CanarySteps = result.GetValue(Steps) is { } steps ? ParseSteps(steps) : null,
            StepDuration = result.GetValue(StepDuration),
            MinRequests = result.GetValue(MinRequests),
            PromoteGate = result.GetValue(PromoteGate),
            RollbackGate = result.GetValue(RollbackGate),
            ShadowFraction = result.GetValue(ShadowFraction),
            VariantShare = result.GetValue(Split),
            StickyKey = result.GetValue(StickyKey),
        };
        DeploymentSpec spec;
        try
        {
            spec = request.ToSpec();
        }
        catch (ArgumentException ex)
        {
            // The request's messages start with the field's JSON name; say it as the option.
            var colon = ex.Message.IndexOf(':', StringComparison.Ordinal);
            var field = ex.Message[..colon] == "model" || ex.Message[..colon] == "candidate" || ex.Message[..colon] == "strategy" ? ex.Message[..colon] : ex.Message[..colon].Replace('_', '-');
            throw new UserException("--" + field + ex.Message[colon..]);
        }
        if (spec.Validate() is { Count: > 0 } problems)
        {
            throw new UserException(string.Join("; ", problems));
        }
        return spec;
    }

    private static double[] ParseSteps(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(step => double.TryParse(step, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UserException($"--steps: '{step}' is not a number; write the shares in percent, e.g. 5,25,50,100"))];
}
