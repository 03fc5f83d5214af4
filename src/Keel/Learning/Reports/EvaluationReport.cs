using System.Globalization;
using System.Text;
using Keel.Data;
using Keel.Learning.Metrics;

namespace Keel.Learning.Reports;

/// <summary>
/// A self-contained HTML page (inline CSS and SVG, no scripts or external files) describing how a model does on
/// labelled data: the metrics; for classifiers the confusion matrix, ROC and precision-recall curves (binary; one-vs-rest
/// per class for multiclass) and the calibration curve (binary); for regression predicted-versus-actual and the
/// residuals; and the feature importance the model carries (split gain for trees, |coefficient| for linear models).
/// </summary>
public static class EvaluationReport
{
    /// <summary>Builds the page for <paramref name="model"/> on <paramref name="data"/> with the already computed <paramref name="metrics"/>.</summary>
    public static string Render(Model model, Frame data, IReadOnlyDictionary<string, double> metrics, string dataName, DateTimeOffset now)
    {
        var predictions = model.Predict(data);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Keel evaluation</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}.charts svg{margin:0 1em 1em 0}")
            .Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{model.Algorithm} {model.Task.ToString().ToLowerInvariant()} model</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Evaluated on <b>{SvgChart.Encode(dataName)}</b> ({data.RowCount:N0} rows) at {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Trained on {SvgChart.Encode(model.Lineage.TrainingData)} ({model.Lineage.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC).</p>");
        html.Append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
        foreach (var (name, value) in metrics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"text-align:left\">{name}</td><td>{(double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture))}</td></tr>");
        }
        html.Append("</table><div class=\"charts\">");
        if (model.Task == LearningTask.Regression)
        {
            Regression(html, model, data, predictions);
        }
        else
        {
            Classification(html, model, data, predictions);
        }
        Importance(html, model);
        html.Append("</div></body></html>");
        return html.ToString();
    }

    private static void Classification(StringBuilder html, Model model, Frame data, Predictions predictions)
    {
        var codes = model.Label.EncodeClasses(data);
        var rows = Enumerable.Range(0, codes.Length).Where(r => codes[r] >= 0).ToArray();
        var k = model.Label.Classes.Count;
        var truth = rows.Select(r => codes[r]).ToArray();
        var predicted = rows.Select(r => predictions.ClassCodes![r]).ToArray();
        var matrix = ClassificationMetrics.ConfusionMatrix(truth, predicted, k);
        html.Append("<h2>Confusion matrix</h2><table><tr><th>true \\ predicted</th>");
        foreach (var c in model.Label.Classes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{SvgChart.Encode(c)}</th>");
        }
        html.Append("</tr>");
        for (var i = 0; i < k; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{SvgChart.Encode(model.Label.Classes[i])}</th>");
            for (var j = 0; j < k; j++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{matrix[i, j]:N0}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (rows.Length == 0)
        {
            return;
        }
        if (model.Task == LearningTask.Binary)
        {
            BinaryCurves(html, model, truth, rows.Select(r => predictions.Probabilities![(2 * r) + 1]).ToArray());
        }
        else
        {
            OneVsRestCurves(html, model, truth, rows, predictions.Probabilities!);
        }
    }

    private static void BinaryCurves(StringBuilder html, Model model, int[] truth, double[] scores)
    {
        html.Append("<h2>Curves</h2>");
        html.Append(SvgChart.Plot("ROC curve", "false positive rate", "true positive rate", (0, 1), (0, 1),
        [
            ("chance", [(0.0, 0.0), (1.0, 1.0)], true, "#bbb"),
            ($"{model.Algorithm}", ThresholdCurve.Roc(truth, scores), true, "#1f77b4"),
        ]));
        // No positive row leaves precision-recall undefined (sklearn warns and draws a flat line); skip the chart.
        if (truth.Contains(1))
        {
            var ap = ClassificationMetrics.AveragePrecision(truth, scores);
            var positiveRate = truth.Count(t => t == 1) / (double)truth.Length;
            html.Append(SvgChart.Plot($"Precision-recall (AP = {ap:0.000})", "recall", "precision", (0, 1), (0, 1),
            [
                ("chance", [(0.0, positiveRate), (1.0, positiveRate)], true, "#bbb"),
                ($"{model.Algorithm}", ThresholdCurve.Steps(ThresholdCurve.PrecisionRecall(truth, scores)), true, "#2ca02c"),
            ], legendLeft: true));
        }
        var curve = CalibrationCurve.Compute(truth, scores, 10);
        html.Append(SvgChart.Plot("Calibration", "mean predicted probability", "fraction of positives", (0, 1), (0, 1),
        [
            ("perfect", [(0.0, 0.0), (1.0, 1.0)], true, "#bbb"),
            ($"{model.Algorithm}", curve.ProbPred.Zip(curve.ProbTrue).Select(p => (p.First, p.Second)).ToArray(), true, "#d62728"),
        ]));
    }

    // One-vs-rest per class, as the macro AUC metric treats multiclass; classes absent from the data have no curve.
    private static void OneVsRestCurves(StringBuilder html, Model model, int[] truth, int[] rows, double[] probabilities)
    {
        var classes = model.Label.Classes;
        var k = classes.Count;
        var present = Enumerable.Range(0, k).Where(c => truth.Contains(c)).ToArray();
        if (present.Length == 0)
        {
            return;
        }
        var drawn = present.Take(SvgChart.Palette.Count).ToArray();
        var roc = new List<(string, IReadOnlyList<(double, double)>, bool, string)> { ("chance", [(0.0, 0.0), (1.0, 1.0)], true, "#bbb") };
        var pr = new List<(string, IReadOnlyList<(double, double)>, bool, string)>();
        var apSum = 0.0;
        foreach (var c in present)
        {
            var isClass = truth.Select(t => t == c ? 1 : 0).ToArray();
            var scores = rows.Select(r => probabilities[(r * k) + c]).ToArray();
            var ap = ClassificationMetrics.AveragePrecision(isClass, scores);
            apSum += ap;
            var slot = Array.IndexOf(drawn, c);
            if (slot >= 0)
            {
                var color = SvgChart.Palette[slot];
                roc.Add((classes[c], ThresholdCurve.Roc(isClass, scores), true, color));
                pr.Add(($"{classes[c]} (AP {ap:0.000})", ThresholdCurve.Steps(ThresholdCurve.PrecisionRecall(isClass, scores)), true, color));
            }
        }
        var more = drawn.Length < present.Length ? $", first {drawn.Length} of {present.Length} classes drawn" : "";
        html.Append("<h2>Curves (one-vs-rest per class)</h2>");
        html.Append(SvgChart.Plot($"ROC curves{more}", "false positive rate", "true positive rate", (0, 1), (0, 1), roc));
        html.Append(SvgChart.Plot($"Precision-recall (macro AP = {apSum / present.Length:0.000}){more}", "recall", "precision", (0, 1), (0, 1), pr, legendLeft: true));
    }

    private static void Importance(StringBuilder html, Model model)
    {
        if (ModelImportance.Of(model.Predictor) is not var (measure, values))
        {
            return;
        }
        const int Limit = 20;
        var title = values.Count > Limit ? $"Feature importance: {measure} (top {Limit} of {values.Count})" : $"Feature importance: {measure}";
        html.Append("<h2>Feature importance</h2>");
        html.Append(SvgChart.Bars(title, values, Limit));
        html.Append(measure.Contains("coefficient", StringComparison.Ordinal)
            ? "<p>Per encoded feature; coefficients compare across features only on a common scale (the default pipeline standardises numeric columns).</p>"
            : "<p>Per feature, summed over all trees (LightGBM's \"gain\" importance): how much the splits on it reduced the loss in training.</p>");
    }

    private static void Regression(StringBuilder html, Model model, Frame data, Predictions predictions)
    {
        var y = model.Label.EncodeValues(data);
        var rows = Enumerable.Range(0, y.Length).Where(r => !double.IsNaN(y[r])).ToArray();
        if (rows.Length == 0)
        {
            return;
        }
        // At most 2,000 points keep the page light; every row still counts in the metrics.
        var step = Math.Max(1, rows.Length / 2000);
        var sample = rows.Where((_, i) => i % step == 0).ToArray();
        var lo = sample.Min(r => Math.Min(y[r], predictions.Values![r]));
        var hi = sample.Max(r => Math.Max(y[r], predictions.Values![r]));
        html.Append("<h2>Predictions and residuals</h2>");
        html.Append(SvgChart.Plot("Predicted vs actual", "actual", "predicted", (lo, hi), (lo, hi),
        [
            ("ideal", [(lo, lo), (hi, hi)], true, "#bbb"),
            ("rows", sample.Select(r => (y[r], predictions.Values![r])).ToArray(), false, "#1f77b4"),
        ]));
        var spread = sample.Max(r => Math.Abs(y[r] - predictions.Values![r]));
        html.Append(SvgChart.Plot("Residuals", "predicted", "actual − predicted", (lo, hi), (-spread, spread),
        [
            ("zero", [(lo, 0.0), (hi, 0.0)], true, "#bbb"),
            ("rows", sample.Select(r => (predictions.Values![r], y[r] - predictions.Values![r])).ToArray(), false, "#1f77b4"),
        ]));
    }
}
