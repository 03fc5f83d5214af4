using Keel.Learning.Validation;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary>A parameter across the compared runs: one value per run (null where a run does not have it).</summary>
internal sealed record ParameterRow(string Name, string?[] Values, bool Differs);

/// <summary>
/// A metric across the compared runs: one value per run (null where absent), whether they differ, its direction, and
/// the positions of the best value (none unless at least two different finite values are there to choose from).
/// </summary>
internal sealed record MetricRow(string Name, double?[] Values, bool Differs, bool HigherIsBetter, int[] Best);

/// <summary>Runs side by side: the union of their parameters and metrics, one column per run, in the order given.</summary>
internal sealed class RunComparison
{
    private static readonly string[] s_splitPrefixes = ["train_", "valid_", "validation_", "test_", "cv_"];

    private RunComparison(IReadOnlyList<RunRecord> runs, List<ParameterRow> parameters, List<MetricRow> metrics)
    {
        Runs = runs;
        Parameters = parameters;
        Metrics = metrics;
    }

    public IReadOnlyList<RunRecord> Runs { get; }

    public List<ParameterRow> Parameters { get; }

    public List<MetricRow> Metrics { get; }

    public static async Task<RunComparison> LoadAsync(RunCatalog catalog, IReadOnlyList<RunRecord> runs, CancellationToken ct)
    {
        var parameters = new List<IReadOnlyDictionary<string, string>>();
        var metrics = new List<IReadOnlyDictionary<string, double>>();
        foreach (var run in runs)
        {
            parameters.Add(await catalog.GetParametersAsync(run.Id, ct));
            metrics.Add(await catalog.GetMetricsAsync(run.Id, ct));
        }
        return new RunComparison(runs,
            Names(parameters).Select(name => ParameterRowOf(name, parameters)).ToList(),
            Names(metrics).Select(name => MetricRowOf(name, metrics)).ToList());
    }

    /// <summary>
    /// The direction of <paramref name="metric"/>: <see cref="HyperparameterSearch.HigherIsBetter"/> of its name without
    /// a split prefix (<c>train_auc</c> is an auc), and lower for any loss (<c>train_loss</c>, <c>valid_log_loss</c>).
    /// </summary>
    public static bool HigherIsBetter(string metric)
    {
        var name = s_splitPrefixes.FirstOrDefault(p => metric.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? metric[prefix.Length..] : metric;
        return !name.EndsWith("loss", StringComparison.Ordinal) && HyperparameterSearch.HigherIsBetter(name);
    }

    private static IEnumerable<string> Names<T>(List<IReadOnlyDictionary<string, T>> perRun) =>
        perRun.SelectMany(d => d.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static ParameterRow ParameterRowOf(string name, List<IReadOnlyDictionary<string, string>> perRun)
    {
        var values = perRun.Select(d => d.TryGetValue(name, out var v) ? v : null).ToArray();
        return new ParameterRow(name, values, values.Distinct(StringComparer.Ordinal).Skip(1).Any());
    }

    private static MetricRow MetricRowOf(string name, List<IReadOnlyDictionary<string, double>> perRun)
    {
        var values = perRun.Select(d => d.TryGetValue(name, out var v) ? v : (double?)null).ToArray();
        var differs = values.Distinct().Skip(1).Any();
        var higher = HigherIsBetter(name);
        var finite = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToArray();
        // Equal values (some runs lacking the metric is still a difference) have no best one.
        if (finite.Distinct().Count() < 2)
        {
            return new MetricRow(name, values, differs, higher, []);
        }
        var best = higher ? finite.Max() : finite.Min();
        return new MetricRow(name, values, differs, higher, Enumerable.Range(0, values.Length).Where(i => values[i] == best).ToArray());
    }
}
