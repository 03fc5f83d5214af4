using System.Text.Json;

namespace Keel.Tests.Monitoring.Concept;

/// <summary>
/// The river transcription's detections (Fixtures/concept/make_concept_fixtures.py, run with Debian 12's Python 3.11
/// and numpy 1.24.2; README.md there names the upstream files).
/// </summary>
internal static class ConceptFixtures
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "concept", file);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path("concept_expected.json"))).RootElement;

    public static double[] Stream(string name) =>
        Expected.GetProperty("streams").GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static JsonElement Case(string group, int index) => Expected.GetProperty(group)[index];

    /// <summary>Case indices of a group, for <c>MemberData</c>.</summary>
    public static IEnumerable<object[]> Indices(string group) =>
        Enumerable.Range(0, Expected.GetProperty(group).GetArrayLength()).Select(i => new object[] { i });

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double? Option(JsonElement c, string name) =>
        c.GetProperty("options").TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
