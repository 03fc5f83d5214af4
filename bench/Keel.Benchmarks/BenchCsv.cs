using System.Globalization;
using Keel.Learning;

namespace Keel.Benchmarks;

/// <summary>
/// Reads the comparison scripts' CSV files (make_data.py's, or the matrices bench/linear_vs_sklearn.py prepares):
/// "label" or "target" is the label, an empty field is missing (NaN), and rows [0, ⌊0.8·n⌋) are train, the rest
/// test (split.json). Set-up code for the benchmarks only: the whole file is read into memory and split naively.
/// </summary>
internal static class BenchCsv
{
    /// <summary>
    /// Loads <paramref name="path"/>. With <paramref name="categoricalCatColumns"/>, "cat_*" columns become
    /// categorical features with codes in ordinal string order (as scikit-learn's OrdinalEncoder); otherwise every
    /// column is parsed as a number.
    /// </summary>
    public static (FeatureMatrix Train, double[] TrainY, FeatureMatrix Test, double[] TestY) Load(string path, bool categoricalCatColumns)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var label = Array.FindIndex(header, h => h is "label" or "target");
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var n = cells.Length;
        var names = new List<string>();
        var columns = new List<double[]>();
        var kinds = new List<FeatureKind>();
        var counts = new List<int>();
        for (var c = 0; c < header.Length; c++)
        {
            if (c == label)
            {
                continue;
            }
            var column = new double[n];
            if (categoricalCatColumns && header[c].StartsWith("cat_", StringComparison.Ordinal))
            {
                var levels = cells.Select(r => r[c]).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
                var codes = levels.Select((s, i) => (s, i)).ToDictionary(t => t.s, t => (double)t.i);
                for (var i = 0; i < n; i++)
                {
                    column[i] = cells[i][c].Length == 0 ? double.NaN : codes[cells[i][c]];
                }
                kinds.Add(FeatureKind.Categorical);
                counts.Add(levels.Count);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    column[i] = cells[i][c].Length == 0 ? double.NaN : double.Parse(cells[i][c], CultureInfo.InvariantCulture);
                }
                kinds.Add(FeatureKind.Numeric);
                counts.Add(0);
            }
            names.Add(header[c]);
            columns.Add(column);
        }
        var y = cells.Select(r => double.Parse(r[label], CultureInfo.InvariantCulture)).ToArray();
        var trainRows = (int)Math.Floor(0.8 * n);
        var all = new FeatureMatrix(names, columns, kinds, counts);
        return (all.SelectRows(Enumerable.Range(0, trainRows).ToArray()), y[..trainRows],
            all.SelectRows(Enumerable.Range(trainRows, n - trainRows).ToArray()), y[trainRows..]);
    }
}
