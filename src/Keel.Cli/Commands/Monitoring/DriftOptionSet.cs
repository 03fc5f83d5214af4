using System.CommandLine;
using System.Globalization;
using Keel.Monitoring.Drift;

namespace Keel.Cli.Commands;

/// <summary>The options both drift commands take: --method, --columns, --threshold, --drift-share.</summary>
internal sealed class DriftOptionSet
{
    private readonly Option<string> _method = new("--method") { Description = "Test for every column: auto (Evidently's choice), psi, ks, chi2, jensenshannon, wasserstein, z", DefaultValueFactory = _ => "auto" };
    private readonly Option<string?> _columns = new("--columns") { Description = "Compare only these columns (comma-separated); default every column both have" };
    private readonly Option<double?> _threshold = new("--threshold") { Description = "Drift threshold for the chosen --method (default: 0.05 for p-values, 0.1 for PSI and distances)" };
    private readonly Option<double> _share = new("--drift-share") { Description = "Share of drifted columns at which the dataset drifts", DefaultValueFactory = _ => 0.5 };

    public void AddTo(Command command)
    {
        command.Options.Add(_method);
        command.Options.Add(_columns);
        command.Options.Add(_threshold);
        command.Options.Add(_share);
    }

    /// <summary>The drift options the command line asks for.</summary>
    /// <exception cref="UserException">An unknown method, a share outside (0, 1], or a threshold without a method.</exception>
    public DriftOptions Bind(ParseResult result)
    {
        if (!DriftMethods.TryParse(result.GetValue(_method)!, out var chosen))
        {
            throw new UserException($"--method must be one of auto, psi, ks, chi2, jensenshannon, wasserstein, z; got '{result.GetValue(_method)}'");
        }
        var driftShare = result.GetValue(_share);
        if (driftShare is <= 0 or > 1)
        {
            throw new UserException($"--drift-share must be in (0, 1], got {driftShare.ToString(CultureInfo.InvariantCulture)}");
        }
        var options = new DriftOptions
        {
            Method = chosen,
            DriftShare = driftShare,
            Columns = result.GetValue(_columns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        if (result.GetValue(_threshold) is { } t)
        {
            if (chosen == DriftMethod.Auto)
            {
                throw new UserException("--threshold needs a --method (auto mixes p-values and distances)");
            }
            options = options with { Thresholds = new Dictionary<DriftMethod, double> { [chosen] = t } };
        }
        return options;
    }
}
