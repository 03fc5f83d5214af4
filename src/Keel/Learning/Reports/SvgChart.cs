using System.Globalization;
using System.Net;
using System.Text;

namespace Keel.Learning.Reports;

/// <summary>Small self-contained SVG charts (no scripts, no external assets) for HTML reports.</summary>
internal static class SvgChart
{
    private const int Width = 360;
    private const int Height = 280;
    private const int Margin = 40;

    /// <summary>Ten distinguishable series colours (matplotlib's "tab10").</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>
    /// A chart of one or more polylines/point sets over fixed axis ranges, with the legend in the lower right, or the
    /// lower left when <paramref name="legendLeft"/> (where precision-recall curves rarely go).
    /// </summary>
    public static string Plot(string title, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y,
        IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Line, string Color)> series, bool legendLeft = false)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Encode(title)}</text>");
        var left = Margin;
        var right = Width - 18; // room for the last x tick label
        var top = 26;
        var bottom = Height - Margin;
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{right - left}\" height=\"{bottom - top}\" fill=\"none\" stroke=\"#999\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var fx = x.Min + ((x.Max - x.Min) * i / 4);
            var fy = y.Min + ((y.Max - y.Min) * i / 4);
            var px = left + ((right - left) * i / 4.0);
            var py = bottom - ((bottom - top) * i / 4.0);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{px:0.#}\" y=\"{bottom + 14}\" text-anchor=\"middle\" font-size=\"10\">{Tick(fx)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{py + 3:0.#}\" text-anchor=\"end\" font-size=\"10\">{Tick(fy)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" font-size=\"11\">{Encode(xLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{(top + bottom) / 2}\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 12 {(top + bottom) / 2})\">{Encode(yLabel)}</text>");
        // By default in the lower right, where ROC and calibration curves rarely go.
        var legendX = legendLeft ? left + 6 : right - 6;
        var legendAnchor = legendLeft ? "start" : "end";
        var legendY = bottom - 6 - (12 * (series.Count - 1));
        foreach (var (name, points, line, color) in series)
        {
            string Px(double v) => (left + ((right - left) * Scale(v, x))).ToString("0.##", CultureInfo.InvariantCulture);
            string Py(double v) => (bottom - ((bottom - top) * Scale(v, y))).ToString("0.##", CultureInfo.InvariantCulture);
            if (line)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"");
                foreach (var (px, py) in points)
                {
                    sb.Append(Px(px)).Append(',').Append(Py(py)).Append(' ');
                }
                sb.Append("\"/>");
            }
            else
            {
                foreach (var (px, py) in points)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Px(px)}\" cy=\"{Py(py)}\" r=\"2\" fill=\"{color}\" fill-opacity=\"0.5\"/>");
                }
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{legendY}\" text-anchor=\"{legendAnchor}\" font-size=\"10\" fill=\"{color}\">{Encode(name)}</text>");
            legendY += 12;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// A horizontal bar chart of non-negative values, largest first, at most <paramref name="limit"/> bars (the title
    /// should say when bars were left off). Long names are shortened with an ellipsis.
    /// </summary>
    public static string Bars(string title, IReadOnlyList<(string Name, double Value)> bars, int limit)
    {
        const int width = 600, labelWidth = 170, valueWidth = 70, barHeight = 16, gap = 4, top = 28;
        var shown = bars.OrderByDescending(b => b.Value).ThenBy(b => b.Name, StringComparer.Ordinal).Take(limit).ToArray();
        var max = shown.Length == 0 ? 0 : shown[0].Value;
        var height = top + (shown.Length * (barHeight + gap)) + 8;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Encode(title)}</text>");
        for (var i = 0; i < shown.Length; i++)
        {
            var (name, value) = shown[i];
            var y = top + (i * (barHeight + gap));
            var length = max > 0 ? (width - labelWidth - valueWidth) * value / max : 0;
            var label = name.Length > 26 ? name[..25] + "…" : name;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 12}\" text-anchor=\"end\" font-size=\"11\"><title>{Encode(name)}</title>{Encode(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{length:0.##}\" height=\"{barHeight}\" fill=\"#1f77b4\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + length + 4:0.##}\" y=\"{y + 12}\" font-size=\"10\">{Value(value)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A value for a label: up to 4 decimals, in exponent form when very large or small.</summary>
    public static string Value(double v) => v.ToString(v != 0 && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-3) ? "0.###e+0" : "0.####", CultureInfo.InvariantCulture);

    private static double Scale(double v, (double Min, double Max) range) =>
        range.Max == range.Min ? 0.5 : Math.Clamp((v - range.Min) / (range.Max - range.Min), 0, 1);

    private static string Tick(double v) => v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.##", CultureInfo.InvariantCulture);

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
