using Keel.Serving.Deployments;

namespace Keel.Tests.Serving;

public sealed class ShadowAgreementTests
{
    [Fact]
    public void Snapshot_Classes_AgreementRate()
    {
        var agreement = new ShadowAgreement();
        int[] primary = [0, 1, 1, 2, 0, 1, 2, 2, 0, 1];
        int[] shadow = [0, 1, 2, 2, 0, 0, 2, 2, 0, 1];
        for (var i = 0; i < primary.Length; i++)
        {
            agreement.RecordClass(primary[i], shadow[i]);
        }
        agreement.RecordClass("yes", "yes");
        agreement.RecordClass("yes", "no");

        var snapshot = agreement.Snapshot();

        Assert.Equal(12, snapshot.Classified);
        Assert.Equal(9.0 / 12, snapshot.AgreementRate, 12);
        Assert.True(double.IsNaN(snapshot.MeanAbsoluteDifference));
    }

    [Fact]
    public void Snapshot_Values_MeanAndMaxAbsoluteDifference()
    {
        var agreement = new ShadowAgreement();
        agreement.RecordValue(1.0, 1.5);
        agreement.RecordValue(2.0, 1.0);
        agreement.RecordValue(-3.0, -3.25);
        agreement.RecordValue(double.NaN, 1.0);
        agreement.RecordShadowFailure();

        var snapshot = agreement.Snapshot();

        Assert.Equal(3, snapshot.Regressed);
        Assert.Equal((0.5 + 1.0 + 0.25) / 3, snapshot.MeanAbsoluteDifference, 12);
        Assert.Equal(1.0, snapshot.MaxAbsoluteDifference);
        Assert.Equal(1, snapshot.ShadowFailures);
        Assert.Equal(3, snapshot.Compared);
    }

    [Fact]
    public async Task Record_ConcurrentWriters_SumsExactly()
    {
        var agreement = new ShadowAgreement();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                agreement.RecordClass(i % 4, 0);
                agreement.RecordValue(t, t + 0.5);
            }
        })));

        var snapshot = agreement.Snapshot();
        Assert.Equal(80_000, snapshot.Classified);
        Assert.Equal(0.25, snapshot.AgreementRate, 12);
        Assert.Equal(0.5, snapshot.MeanAbsoluteDifference, 12);
    }
}
