using System.Globalization;
using System.Text;
using Keel.Data;
using Keel.Learning.Reports;

namespace Keel.Monitoring.Drift;

/// <summary>
/// A self-contained HTML page for a <see cref="DriftReport"/> (inline SVG, no scripts or external assets): the
/// dataset verdict, a table of per-column statistics, thresholds and verdicts, and per column the reference and
/// current shares side by side over the bins or values the statistic compared.
/// </summary>
public static class DriftHtmlReport
{
    private const int MaxBars = 30;
    private const int Width = 420;
    private const int Height = 180;

    /// <summary>Renders the page; <paramref name="reference"/> and <paramref name="current"/> are the frames the report was computed from.</summary>
    public static string Render(DriftReport report, Frame reference, Frame current, string referenceName, string currentName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return Render(report, f => Shares(DriftDetector.Sample(f.Name, reference[f.Name], current[f.Name])),
            (referenceName, reference.RowCount), (currentName, current.RowCount), now);
    }

    /// <summary>
    /// Renders the page from any source of per-column shares (e.g. profiles: <see cref="ProfileDrift.Shares"/>);
    /// each side is named with its row count.
    /// </summary>
    public static string Render(
        DriftReport report, Func<FeatureDrift, ColumnShares> shares, (string Name, long Rows) referenceSide, (string Name, long Rows) currentSide, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(shares);
        var (referenceName, referenceRows) = referenceSide;
        var (currentName, currentRows) = currentSide;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Keel drift report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}")
            .Append(".drift{color:#d62728;font-weight:bold}.ok{color:#2ca02c}.charts svg{margin:0 1em 1em 0}")
            .Append("</style></head><body>");
        html.Append("<h1>Data drift</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Reference <b>{SvgChart.Encode(referenceName)}</b> ({referenceRows:N0} rows) vs current <b>{SvgChart.Encode(currentName)}</b> ({currentRows:N0} rows), {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC.</p>");
        var verdict = report.DatasetDrift ? "<span class=\"drift\">dataset drift detected</span>" : "<span class=\"ok\">no dataset drift</span>";
        html.Append(CultureInfo.InvariantCulture, $"<p>{verdict}: {report.DriftedCount} of {report.Features.Count} columns drifted (share {report.DriftShare:0.###}, threshold {report.DriftShareThreshold:0.###}).</p>");
        html.Append("<table><tr><th>column</th><th>type</th><th>method</th><th>statistic</th><th>p-value</th><th>threshold</th><th>verdict</th></tr>");
        var all = report.Prediction is null ? report.Features : [.. report.Features, report.Prediction];
        foreach (var f in all)
        {
            var name = f == report.Prediction ? f.Name + " (prediction)" : f.Name;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{SvgChart.Encode(name)}</td><td class=\"l\">{f.Type}</td><td class=\"l\">{f.Method.Name()}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Number(f.Statistic)}</td><td>{(f.PValue is { } p ? Number(p) : "")}</td><td>{Number(f.Threshold)}</td>")
                .Append(f.Drift ? "<td class=\"drift\">drift</td></tr>" : "<td class=\"ok\">ok</td></tr>");
        }
        html.Append("</table>");
        foreach (var (column, reason) in report.Skipped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Skipped <b>{SvgChart.Encode(column)}</b>: {SvgChart.Encode(reason)}.</p>");
        }
        html.Append("<div class=\"charts\">");
        foreach (var f in all)
        {
            html.Append(Histogram(f, shares(f)));
        }
        html.Append("</div></body></html>");
        return html.ToString();
    }

    private static string Number(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsNaN(v) ? "n/a" : SvgChart.Value(v);

    // Reference and current shares per bin (numbers with more than 20 distinct reference values: the Sturges bins PSI
    // uses) or per value.
    private static ColumnShares Shares(FeatureSample sample)
    {
        if (sample.IsNumeric && DriftBinning.CountDistinct(sample.SortedReference) > DriftBinning.MaxDistinctForValues)
        {
            var edges = DriftBinning.SturgesEdges(sample.SortedReference, sample.SortedCurrent);
            return ColumnShares.Binned(edges, DriftBinning.Histogram(sample.SortedReference, edges), DriftBinning.Histogram(sample.SortedCurrent, edges));
        }
        var (reference, current) = DriftBinning.Shares(sample.Counts);
        return new ColumnShares(sample.Counts.Keys, reference, current);
    }

    // The two sides' shares side by side (the most frequent values when there are many).
    private static string Histogram(FeatureDrift feature, ColumnShares shares)
    {
        var (labels, reference, current) = (shares.Labels, shares.Reference, shares.Current);
        var order = Enumerable.Range(0, labels.Count).ToArray();
        if (order.Length > MaxBars)
        {
            order = [.. order.OrderByDescending(i => reference[i] + current[i]).Take(MaxBars).Order()];
        }
        var max = order.Select(i => Math.Max(reference[i], current[i])).DefaultIfEmpty(1).Max();
        max = max > 0 ? max : 1;
        var sb = new StringBuilder();
        var title = $"{feature.Name}: {feature.Method.Name()} {Number(feature.Statistic)}{(feature.Drift ? " — drift" : "")}";
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{SvgChart.Encode(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"14\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\"{(feature.Drift ? " fill=\"#d62728\"" : "")}>{SvgChart.Encode(title)}</text>");
        const int left = 10, top = 22, bottom = Height - 30;
        var slot = (double)(Width - (2 * left)) / Math.Max(order.Length, 1);
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            var x = left + (k * slot);
            var bar = Math.Max(slot * 0.4, 0.5);
            var hr = (bottom - top) * reference[i] / max;
            var hc = (bottom - top) * current[i] / max;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (slot * 0.1):0.##}\" y=\"{bottom - hr:0.##}\" width=\"{bar:0.##}\" height=\"{hr:0.##}\" fill=\"{SvgChart.Palette[0]}\"><title>{SvgChart.Encode(labels[i])}: reference {reference[i]:0.####}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (slot * 0.5):0.##}\" y=\"{bottom - hc:0.##}\" width=\"{bar:0.##}\" height=\"{hc:0.##}\" fill=\"{SvgChart.Palette[1]}\"><title>{SvgChart.Encode(labels[i])}: current {current[i]:0.####}</title></rect>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{Width - left}\" y2=\"{bottom}\" stroke=\"#999\"/>");
        if (order.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{bottom + 12}\" font-size=\"10\">{SvgChart.Encode(Shorten(labels[order[0]]))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - left}\" y=\"{bottom + 12}\" text-anchor=\"end\" font-size=\"10\">{SvgChart.Encode(Shorten(labels[order[^1]]))}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{Height - 4}\" font-size=\"10\" fill=\"{SvgChart.Palette[0]}\">■ reference</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 80}\" y=\"{Height - 4}\" font-size=\"10\" fill=\"{SvgChart.Palette[1]}\">■ current</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - left}\" y=\"{Height - 4}\" text-anchor=\"end\" font-size=\"10\">threshold {Number(feature.Threshold)}{(feature.PValue is { } p ? $", p {Number(p)}" : "")}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : string.Concat(text.AsSpan(0, 23), "…");
}
