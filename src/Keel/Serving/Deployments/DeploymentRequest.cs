using System.Globalization;
using Keel.Registry;

namespace Keel.Serving.Deployments;

/// <summary>
/// A deployment specification as a person or a client writes it (the REST API's JSON body, the options of
/// <c>keel deploy create</c>): text and optional values, turned into a <see cref="DeploymentSpec"/> by
/// <see cref="ToSpec"/>. Unset parameters keep <see cref="DeploymentParameters"/>' defaults. Immutable.
/// </summary>
public sealed record DeploymentRequest
{
    /// <summary><c>single</c> (default), <c>blue_green</c> (or <c>blue-green</c>), <c>canary</c>, <c>shadow</c> or <c>ab</c>.</summary>
    public string? Strategy { get; init; }

    /// <summary>The primary model: <c>models:/NAME/VERSION</c>, <c>models:/NAME@ALIAS</c> or <c>models:/NAME/latest</c>.</summary>
    public string? Model { get; init; }

    /// <summary>The candidate model (standby, canary, shadow, variant B), as <see cref="Model"/>.</summary>
    public string? Candidate { get; init; }

    /// <summary>Canary: the candidate's share per step, in percent.</summary>
    public IReadOnlyList<double>? CanarySteps { get; init; }

    /// <summary>Canary: how long a step runs: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
    public string? StepDuration { get; init; }

    /// <summary>Canary: requests the candidate must answer in a step before a gate is judged.</summary>
    public long? MinRequests { get; init; }

    /// <summary>Canary: the condition to go on at the end of a step.</summary>
    public string? PromoteGate { get; init; }

    /// <summary>Canary: the condition that rolls back at once.</summary>
    public string? RollbackGate { get; init; }

    /// <summary>Canary: the condition on labelled quality.</summary>
    public string? QualityGate { get; init; }

    /// <summary>Canary: labels needed before the quality gate is judged.</summary>
    public long? MinLabels { get; init; }

    /// <summary>Shadow: the fraction of requests mirrored, in (0, 1].</summary>
    public double? ShadowFraction { get; init; }

    /// <summary>A/B: variant B's share, in (0, 1).</summary>
    public double? VariantShare { get; init; }

    /// <summary>A/B or canary: the name of the key that keeps a caller on one variant.</summary>
    public string? StickyKey { get; init; }

    /// <summary>
    /// The specification. Model references are parsed, not resolved (the catalog pins them when it writes the
    /// revision); the parameters' own checks are <see cref="DeploymentSpec.Validate"/>'s.
    /// </summary>
    /// <exception cref="ArgumentException">A field is missing or malformed; the message starts with its name.</exception>
    public DeploymentSpec ToSpec()
    {
        var strategyText = (Strategy ?? "single").Replace('-', '_');
        DeploymentStrategy strategy;
        try
        {
            strategy = StrategyNames.ParseStrategy(strategyText);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("strategy: " + ex.Message);
        }
        var primary = Reference("model", Model) ?? throw new ArgumentException("model: required (models:/NAME/VERSION or models:/NAME@ALIAS)");
        var candidate = Reference("candidate", Candidate);
        var defaults = new DeploymentParameters();
        var parameters = defaults with
        {
            CanarySteps = CanarySteps ?? defaults.CanarySteps,
            StepDuration = StepDuration is null ? defaults.StepDuration : ParseDuration("step_duration", StepDuration),
            MinRequests = MinRequests ?? defaults.MinRequests,
            PromoteGate = PromoteGate,
            RollbackGate = RollbackGate,
            QualityGate = QualityGate,
            MinLabels = MinLabels ?? defaults.MinLabels,
            ShadowFraction = ShadowFraction ?? defaults.ShadowFraction,
            VariantShare = VariantShare ?? defaults.VariantShare,
            StickyKey = StickyKey,
        };
        return new DeploymentSpec(strategy, primary, candidate, parameters);
    }

    /// <summary>Parses <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c>, <c>250ms</c> or a <see cref="TimeSpan"/> (<c>hh:mm:ss</c>).</summary>
    /// <exception cref="ArgumentException">Not a positive duration; the message starts with <paramref name="field"/>.</exception>
    public static TimeSpan ParseDuration(string field, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], 0.001)
            : trimmed.Length > 0 && char.IsLetter(trimmed[^1]) ? (trimmed[..^1], trimmed[^1] switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => double.NaN })
            : (trimmed, double.NaN);
        if (!double.IsNaN(unit) && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return TimeSpan.FromSeconds(value * unit);
        }
        if (double.IsNaN(unit) && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }
        throw new ArgumentException($"{field}: '{text}' is not a positive duration; write e.g. 90s, 5m, 1h or 00:05:00");
    }

    private static ModelReference? Reference(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }
        return ModelReference.TryParse(text, out var reference, out var error) ? reference : throw new ArgumentException($"{field}: {error}");
    }
}
