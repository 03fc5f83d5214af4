using Keel.Monitoring.Metrics;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Moves every alert instance (a rule applied to one matching series) through inactive → pending → firing →
/// resolved as samples arrive. An instance turns pending when its value crosses the rule's fire threshold; stays
/// active (pending or firing) while the value remains past the resolve threshold (hysteresis); fires once it has been
/// pending for the rule's <c>for</c> duration (at once when that is zero); and resolves when the value comes back
/// past the resolve threshold or its series is missing from an evaluation (stale). A pending instance that comes
/// back goes inactive without ever firing. SLO rules are evaluated through synthetic burn-ratio samples
/// (<see cref="SloBurnRates"/>). Deterministic and free of I/O; not thread-safe (one evaluation loop owns it).
/// </summary>
public sealed class AlertEvaluator
{
    private readonly List<AlertRule> _rules;
    private readonly List<SloBurnRates> _slos;
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private DateTimeOffset? _last;

    /// <summary>Creates an evaluator for <paramref name="configuration"/>'s rules and SLOs; no alert is active yet.</summary>
    public AlertEvaluator(AlertConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _slos = configuration.Slos.Select(s => new SloBurnRates(s)).ToList();
        _rules = [.. configuration.Rules, .. _slos.SelectMany(s => s.Rules())];
    }

    /// <summary>The pending and firing alerts after the last evaluation, ordered by rule then fingerprint.</summary>
    public IReadOnlyList<Alert> Active => _instances.Values.OrderBy(i => i.RuleIndex).ThenBy(i => i.Fingerprint, StringComparer.Ordinal).Select(i => i.Snapshot()).ToList();

    /// <summary>
    /// Evaluates every rule against <paramref name="samples"/> (the current value of every series) at
    /// <paramref name="now"/> and returns the state changes: those of series present, ordered by rule then
    /// fingerprint, then those of series that disappeared (same order). Times must not go backwards.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is before the previous evaluation.</exception>
    public IReadOnlyList<AlertTransition> Evaluate(IEnumerable<MetricSample> samples, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (now < _last)
        {
            throw new ArgumentException($"evaluation time {now:O} is before the previous one ({_last:O})", nameof(now));
        }
        _last = now;
        var current = samples as IReadOnlyCollection<MetricSample> ?? samples.ToList();
        var all = new List<MetricSample>(current);
        foreach (var slo in _slos)
        {
            if (slo.Observe(current, now))
            {
                all.AddRange(slo.Ratios());
            }
        }
        var transitions = new List<AlertTransition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < _rules.Count; r++)
        {
            var rule = _rules[r];
            var step = new List<AlertTransition>();
            foreach (var sample in all)
            {
                if (sample.Name != rule.Metric || !sample.Matches(rule.Matchers))
                {
                    continue;
                }
                var labels = LabelsOf(rule, sample);
                var fingerprint = AlertLabels.Fingerprint(labels);
                if (!seen.Add(fingerprint))
                {
                    continue; // the same series twice in one evaluation: the first value counts
                }
                if (Step(rule, r, labels, fingerprint, sample.Value, now) is { } transition)
                {
                    step.Add(transition);
                }
            }
            transitions.AddRange(step.OrderBy(t => t.Alert.Fingerprint, StringComparer.Ordinal));
        }
        transitions.AddRange(Stale(seen, now));
        return transitions;
    }

    private AlertTransition? Step(AlertRule rule, int ruleIndex, IReadOnlyDictionary<string, string> labels, string fingerprint, double value, DateTimeOffset now)
    {
        if (!_instances.TryGetValue(fingerprint, out var instance))
        {
            if (!rule.Crosses(value))
            {
                return null;
            }
            instance = new Instance(rule, ruleIndex, labels, fingerprint, now);
            _instances[fingerprint] = instance;
            instance.Value = value;
            if (rule.For <= TimeSpan.Zero)
            {
                instance.State = AlertState.Firing;
                instance.FiredAt = now;
            }
            return Move(instance, AlertState.Inactive, now);
        }
        instance.Value = value;
        if (!rule.Holds(value))
        {
            _instances.Remove(fingerprint);
            var from = instance.State;
            instance.State = from == AlertState.Firing ? AlertState.Resolved : AlertState.Inactive;
            instance.ResolvedAt = from == AlertState.Firing ? now : null;
            return Move(instance, from, now);
        }
        if (instance.State == AlertState.Pending && now - instance.ActiveSince >= rule.For)
        {
            instance.State = AlertState.Firing;
            instance.FiredAt = now;
            return Move(instance, AlertState.Pending, now);
        }
        return null;
    }

    private List<AlertTransition> Stale(HashSet<string> seen, DateTimeOffset now)
    {
        var gone = _instances.Values.Where(i => !seen.Contains(i.Fingerprint))
            .OrderBy(i => i.RuleIndex).ThenBy(i => i.Fingerprint, StringComparer.Ordinal).ToList();
        var transitions = new List<AlertTransition>(gone.Count);
        foreach (var instance in gone)
        {
            _instances.Remove(instance.Fingerprint);
            var from = instance.State;
            instance.State = from == AlertState.Firing ? AlertState.Resolved : AlertState.Inactive;
            instance.ResolvedAt = from == AlertState.Firing ? now : null;
            instance.Value = double.NaN;
            transitions.Add(Move(instance, from, now));
        }
        return transitions;
    }

    private static AlertTransition Move(Instance instance, AlertState from, DateTimeOffset now) => new(instance.Snapshot(), from, instance.State, now);

    private static SortedDictionary<string, string> LabelsOf(AlertRule rule, MetricSample sample)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in sample.Labels)
        {
            labels[key] = value;
        }
        labels[AlertLabels.AlertName] = rule.Name;
        labels[AlertLabels.Severity] = AlertLabels.Text(rule.Severity);
        return labels;
    }

    /// <summary>The mutable state of one instance; <see cref="Snapshot"/> hands out immutable copies.</summary>
    private sealed class Instance(AlertRule rule, int ruleIndex, IReadOnlyDictionary<string, string> labels, string fingerprint, DateTimeOffset since)
    {
        public int RuleIndex => ruleIndex;

        public string Fingerprint => fingerprint;

        public AlertState State { get; set; } = AlertState.Pending;

        public double Value { get; set; }

        public DateTimeOffset ActiveSince => since;

        public DateTimeOffset? FiredAt { get; set; }

        public DateTimeOffset? ResolvedAt { get; set; }

        public Alert Snapshot() => new()
        {
            Name = rule.Name,
            Labels = labels,
            Annotations = AnnotationTemplate.Expand(rule.Annotations, labels, Value),
            Severity = rule.Severity,
            State = State,
            Value = Value,
            ActiveSince = ActiveSince,
            FiredAt = FiredAt,
            ResolvedAt = ResolvedAt,
        };
    }
}
