using System.Text.Json;

namespace Keel.Tests.Monitoring.Performance;

/// <summary>
/// scikit-learn's and the NannyML transcription's values (Fixtures/performance/make_performance_fixtures.py, Debian 12:
/// Python 3.11.2, numpy 1.24.2, scikit-learn 1.2.1; README.md there says what each case holds).
/// </summary>
internal static class PerformanceFixtures
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "performance", file);

    public static JsonElement Expected { get; } =
        JsonDocument.Parse(File.ReadAllText(Path("performance_expected.json"))).RootElement;

    public static JsonElement Case(string group, string name) =>
        Expected.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> Names(string group) =>
        Expected.GetProperty(group).EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
