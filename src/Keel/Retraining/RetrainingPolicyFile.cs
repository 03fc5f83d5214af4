using System.Globalization;
using Keel.Data;
using Keel.Data.Expressions;
using Keel.Registry;
using YamlDotNet.RepresentationModel;

namespace Keel.Retraining;

/// <summary>
/// Reads retraining policy files (docs/retraining.md): the deployment, its pipeline, triggers, data, guardrails and
/// release plan. Every problem is collected with its line and column and reported together as a
/// <see cref="RetrainingPolicyException"/>. Parsing only: no file but the policy itself is read.
/// </summary>
public static class RetrainingPolicyFile
{
    /// <summary>The alias a candidate gate compares with: the model the deployment serves now.</summary>
    public const string ChampionAlias = "champion";

    private static readonly string[] TopLevel = ["deployment", "pipeline", "triggers", "data", "guardrails", "release"];
    private static readonly string[] TriggerTypes = ["alert", "performance", "schedule", "labels"];
    private static readonly string[] ApprovalModes = ["automatic", "required"];

    /// <summary>Reads and checks a policy file.</summary>
    /// <exception cref="RetrainingPolicyException">Every problem found.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static RetrainingPolicy Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetFileName(full));
    }

    /// <summary>Parses policy YAML; <paramref name="sourceName"/> names the file in messages.</summary>
    /// <exception cref="RetrainingPolicyException">Every problem found.</exception>
    public static RetrainingPolicy Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var root = LoadRoot(text, sourceName, errors) ?? throw new RetrainingPolicyException(sourceName, errors);
        var top = new RetrainingFields(root, sourceName, "policy", errors, TopLevel);
        var deployment = top.Text("deployment", required: true);
        var pipeline = top.Text("pipeline", required: true);
        var triggers = new List<RetrainingTrigger>();
        foreach (var item in top.Items("triggers", "a trigger such as {type: alert, name: high-drift}", required: true))
        {
            if (ReadTrigger(item) is { } trigger)
            {
                triggers.Add(trigger);
            }
        }
        if (top.Raw("triggers") is YamlSequenceNode { Children.Count: 0 } empty)
        {
            top.Error(top.Spot(empty), "'triggers' is empty; a policy needs at least one trigger (alert, performance, schedule or labels)");
        }
        var data = ReadData(top.Section("data"));
        var guardrails = ReadGuardrails(top.Section("guardrails"));
        var release = ReadRelease(top);
        top.Finish();
        if (errors.Count > 0)
        {
            throw new RetrainingPolicyException(sourceName, errors);
        }
        return new RetrainingPolicy
        {
            Deployment = deployment!,
            Pipeline = pipeline!,
            Triggers = triggers,
            Data = data,
            Guardrails = guardrails,
            Release = release,
        };
    }

    private static YamlMappingNode? LoadRoot(string text, string sourceName, List<string> errors) =>
        YamlDocuments.LoadRoot(text, sourceName, "expected a mapping with 'deployment', 'pipeline' and 'triggers'", errors);

    private static RetrainingTrigger? ReadTrigger(RetrainingFields f)
    {
        RetrainingTrigger? trigger = f.Choice("type", TriggerTypes, required: true) switch
        {
            "alert" => f.Text("name", required: true) is { } name ? new AlertTrigger(name) : null,
            "performance" => ReadPerformance(f),
            "schedule" => ReadSchedule(f),
            "labels" => f.Whole("new", 1, required: true) is { } rows ? new LabelsTrigger(rows) : null,
            _ => null,
        };
        f.Finish();
        return trigger;
    }

    private static PerformanceTrigger? ReadPerformance(RetrainingFields f)
    {
        var metric = f.Text("metric", required: true);
        var below = f.Number("below");
        var above = f.Number("above");
        var minLabels = f.Whole("min_labels", 1) ?? 100;
        if (metric is not null && !Keel.Monitoring.Performance.PerformanceWindow.MetricNames.Contains(metric))
        {
            f.Error(f.SpotOf("metric"), $"unknown realized metric '{metric}'; the live monitor reports {string.Join(", ", Keel.Monitoring.Performance.PerformanceWindow.MetricNames)}");
            return null;
        }
        if (f.Has("below") == f.Has("above"))
        {
            f.Error(f.Where, "a performance trigger needs exactly one of 'below' (for a metric where higher is better) or 'above' (lower is better)");
            return null;
        }
        return metric is null || (below is null && above is null) ? null : new PerformanceTrigger(metric, below, above, minLabels);
    }

    private static ScheduleTrigger? ReadSchedule(RetrainingFields f)
    {
        var cron = f.Cron("cron", required: true);
        var zone = f.TimeZone("time_zone");
        return cron is null || zone is null ? null : new ScheduleTrigger(cron, zone);
    }

    private static RetrainingData ReadData(RetrainingFields? f)
    {
        var d = RetrainingData.Default;
        if (f is null)
        {
            return d;
        }
        var include = f.Bool("include_feedback") ?? d.IncludeFeedback;
        var window = f.Duration("window") ?? d.Window;
        var holdout = f.Number("holdout") ?? d.Holdout;
        if (holdout is <= 0 or >= 1)
        {
            f.Error(f.SpotOf("holdout"), $"'holdout' is the share of recent labelled rows kept for the comparison and must be between 0 and 1 (exclusive), e.g. 0.2, got {Show(holdout)}");
        }
        f.Finish();
        return new RetrainingData(include, window, holdout);
    }

    private static RetrainingGuardrails ReadGuardrails(RetrainingFields? f)
    {
        var d = RetrainingGuardrails.Default;
        if (f is null)
        {
            return d;
        }
        var maxPerDay = f.Whole("max_per_day", 1);
        if (maxPerDay > 1440)
        {
            f.Error(f.SpotOf("max_per_day"), $"'max_per_day' must be at most 1440 (one a minute), got {maxPerDay}");
        }
        var minNewRows = f.Whole("min_new_rows", 0) ?? d.MinNewRows;
        var cooldown = f.Text("cooldown", required: false) is "0" or "0s" ? TimeSpan.Zero : f.Duration("cooldown") ?? d.Cooldown;
        var gate = Gate(f, "gate", [ChampionAlias]);
        var approval = f.Choice("approval", ApprovalModes) == "required" ? ApprovalMode.Required : ApprovalMode.Automatic;
        f.Finish();
        return new RetrainingGuardrails((int)Math.Min(maxPerDay ?? d.MaxPerDay, 1440), minNewRows, cooldown, gate, approval);
    }

    private static ReleasePlan ReadRelease(RetrainingFields top)
    {
        if (top.Section("release") is not { } f)
        {
            return ReleasePlan.Default;
        }
        var shadow = f.Duration("shadow");
        var fraction = f.Number("shadow_fraction") ?? 1.0;
        if (fraction is <= 0 or > 1)
        {
            f.Error(f.SpotOf("shadow_fraction"), $"'shadow_fraction' is the share of requests mirrored and must be in (0, 1], got {Show(fraction)}");
        }
        else if (f.Has("shadow_fraction") && !f.Has("shadow"))
        {
            f.Error(f.SpotOf("shadow_fraction"), "'shadow_fraction' needs 'shadow', the length of the shadow period");
        }
        var canary = f.Section("canary") is { } c ? ReadCanary(c) : null;
        if (!f.Has("shadow") && !f.Has("canary"))
        {
            f.Error(f.Where, "'release' needs 'shadow', 'canary' or both; leave 'release' out for the default canary");
        }
        f.Finish();
        return new ReleasePlan(shadow, fraction, canary);
    }

    private static CanaryPlan ReadCanary(RetrainingFields f)
    {
        var d = CanaryPlan.Default;
        var steps = ReadSteps(f) ?? d.Steps;
        var stepDuration = f.Duration("step_duration") ?? d.StepDuration;
        var rollback = Gate(f, "rollback", ["stable"])?.Text;
        var promote = Gate(f, "promote", ["stable"])?.Text;
        var quality = Gate(f, "quality", ["stable"])?.Text;
        var minLabels = f.Whole("min_labels", 1) ?? d.MinLabels;
        var minRequests = f.Whole("min_requests", 1) ?? d.MinRequests;
        f.Finish();
        return new CanaryPlan(steps, stepDuration, rollback, promote, quality, minLabels, minRequests);
    }

    private static IReadOnlyList<double>? ReadSteps(RetrainingFields f)
    {
        switch (f.Raw("steps"))
        {
            case null:
                return null;
            case YamlSequenceNode { Children.Count: > 0 } sequence:
                var steps = new List<double>();
                foreach (var child in sequence.Children)
                {
                    if (child is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var step))
                    {
                        f.Error(f.Spot(child), $"'steps' must list traffic percentages such as [10, 50, 100], got '{(child as YamlScalarNode)?.Value}'");
                        return null;
                    }
                    if (step is <= 0 or > 100 || (steps.Count > 0 && step <= steps[^1]))
                    {
                        f.Error(f.Spot(child), $"'steps' must increase strictly within (0, 100], got {Show(step)} after {(steps.Count > 0 ? Show(steps[^1]) : "nothing")}");
                        return null;
                    }
                    steps.Add(step);
                }
                if (steps[^1] != 100)
                {
                    f.Error(f.Spot(sequence.Children[^1]), $"'steps' must end at 100 so that the last step promotes the candidate, got {Show(steps[^1])}");
                    return null;
                }
                return steps;
            case var other:
                f.Error(f.Spot(other), "'steps' must be a non-empty list of traffic percentages such as [10, 50, 100]");
                return null;
        }
    }

    /// <summary>A gate expression; a syntax error is reported at its character, a foreign alias at the gate.</summary>
    private static ModelGate? Gate(RetrainingFields f, string field, IReadOnlyList<string> aliases)
    {
        var text = f.Text(field, required: false);
        if (text is null)
        {
            return null;
        }
        var node = f.Raw(field)!;
        ModelGate gate;
        try
        {
            gate = ModelGate.Parse(text);
        }
        catch (ExpressionException ex)
        {
            f.Error(f.SpotInside(node, ex.Position), $"'{field}' is not a valid condition such as 'auc >= champion.auc': {ex.Message}");
            return null;
        }
        foreach (var alias in gate.Aliases)
        {
            if (!aliases.Contains(alias))
            {
                f.Error(f.Spot(node), $"'{field}' refers to '{alias}.'; it can compare only with {string.Join(", ", aliases.Select(a => $"'{a}.'"))}");
                return null;
            }
        }
        return gate;
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
