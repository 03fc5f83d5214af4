using System.Globalization;
using Keel.Learning;
using Keel.Learning.Validation;

namespace Keel.Cli.Commands;

/// <summary>The progress bar's line for training and search reports.</summary>
internal static class ProgressReadings
{
    /// <summary>E.g. "gbdt round 37/100 · loss 0.1234 · validation 0.1456", "cross-validation fold 2/5".</summary>
    public static TerminalProgress.Reading Training(string algorithm, TrainingProgress p)
    {
        var step = p.Stage switch
        {
            TrainingStage.Rounds => $"{algorithm} round",
            TrainingStage.Trees => $"{algorithm} tree",
            TrainingStage.Iterations => $"{algorithm} L-BFGS step",
            _ => "cross-validation fold",
        };
        var text = $"{step} {p.Done}/{p.Total}";
        if (!double.IsNaN(p.Loss))
        {
            text += $" · loss {Number(p.Loss)}";
        }
        if (!double.IsNaN(p.ValidationLoss))
        {
            text += $" · validation {Number(p.ValidationLoss)}";
        }
        return new TerminalProgress.Reading(p.Done, p.Total, text);
    }

    /// <summary>E.g. "trial 3/12 · best auc 0.9712".</summary>
    public static TerminalProgress.Reading Search(string metric, SearchProgress p)
    {
        var text = $"trial {p.TrialsDone}/{p.TrialsTotal}";
        if (p.Best is { } best)
        {
            text += $" · best {metric} {Number(best.Score)}";
        }
        return new TerminalProgress.Reading(p.TrialsDone, p.TrialsTotal, text);
    }

    private static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
