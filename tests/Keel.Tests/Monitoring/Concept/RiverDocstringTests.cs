using System.Text.Json;
using Keel.Monitoring.Concept;

namespace Keel.Tests.Monitoring.Concept;

/// <summary>
/// The examples in river's own docstrings (adwin.py, page_hinkley.py, binary/ddm.py): the streams are regenerated
/// with Python's random module by make_concept_fixtures.py, and the expected indices are the ones river's doctests
/// print, copied from upstream — an oracle independent of the transcription.
/// </summary>
public sealed class RiverDocstringTests
{
    private static JsonElement Example(string name) => ConceptFixtures.Expected.GetProperty("river_docstrings").GetProperty(name);

    private static double[] Stream(JsonElement example) =>
        example.GetProperty("stream").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Update_AdwinDocstringStream_DetectsAtIndex1023()
    {
        var example = Example("adwin");
        var detector = new Adwin();
        Assert.Equal(ConceptFixtures.Ints(example.GetProperty("drifts")), Drifts(detector, Stream(example)));
    }

    [Fact]
    public void Update_PageHinkleyDocstringStream_DetectsAtIndex1006()
    {
        var example = Example("page_hinkley");
        var detector = new PageHinkley();
        Assert.Equal(ConceptFixtures.Ints(example.GetProperty("drifts")), Drifts(detector, Stream(example)));
    }

    [Fact]
    public void Update_DdmDocstringStream_WarnsAt1084And1492AndDriftsAt1334()
    {
        var example = Example("ddm");
        var detector = new Ddm();
        var stream = Stream(example);
        var firstWarnings = new List<int>();
        var drifts = new List<int>();
        var printing = true;
        for (var i = 0; i < stream.Length; i++)
        {
            var state = detector.Update(stream[i]);
            if (state == ConceptDriftState.Warning && printing)
            {
                firstWarnings.Add(i);
                printing = false;
            }
            if (state == ConceptDriftState.Drift)
            {
                drifts.Add(i);
                printing = true;
            }
        }
        Assert.Equal(ConceptFixtures.Ints(example.GetProperty("first_warnings")), firstWarnings);
        Assert.Equal(ConceptFixtures.Ints(example.GetProperty("drifts")), drifts);
    }

    private static List<int> Drifts(IConceptDriftDetector detector, double[] stream)
    {
        var drifts = new List<int>();
        for (var i = 0; i < stream.Length; i++)
        {
            if (detector.Update(stream[i]) == ConceptDriftState.Drift)
            {
                drifts.Add(i);
            }
        }
        return drifts;
    }
}
