using System.Text.Json;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Monitoring.Drift;

namespace Keel.Tests.Monitoring;

/// <summary>SciPy's values for the drift tests (Fixtures/drift/make_drift_fixtures.py, SciPy 1.10.1 from Debian 12).</summary>
internal static class DriftFixtures
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "drift", file);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement;

    public static JsonElement Case(string group, string name) =>
        Expected.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> Names(string group) =>
        Expected.GetProperty(group).EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static FeatureSample Numeric(JsonElement c) => FeatureSample.Numeric(
        c.GetProperty("name").GetString()!, Doubles(c.GetProperty("reference")), Doubles(c.GetProperty("current")));

    public static FeatureSample Categorical(JsonElement c)
    {
        var counts = new Dictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
        foreach (var v in c.GetProperty("reference").EnumerateArray())
        {
            counts.TryGetValue(v.GetString()!, out var e);
            counts[v.GetString()!] = (e.Reference + 1, e.Current);
        }
        foreach (var v in c.GetProperty("current").EnumerateArray())
        {
            counts.TryGetValue(v.GetString()!, out var e);
            counts[v.GetString()!] = (e.Reference, e.Current + 1);
        }
        return FeatureSample.Categorical(c.GetProperty("name").GetString()!, CategoryCounts.FromText(counts));
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>SciPy's number, or NaN/∞ where the fixture holds null.</summary>
    public static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    public static Frame ReadCsv(string path, int? rows = null)
    {
        using var reader = DataSource.Open(path, new ReadOptions());
        var chunks = new List<Frame>();
        var total = 0;
        foreach (var chunk in reader.ReadChunks())
        {
            chunks.Add(chunk);
            total += chunk.RowCount;
            if (rows is { } limit && total >= limit)
            {
                break;
            }
        }
        var all = FrameConcat.Concat(reader.Schema, chunks);
        return rows is { } n && all.RowCount > n ? FrameRows.Select(all, Enumerable.Range(0, n).ToArray()) : all;
    }
}
