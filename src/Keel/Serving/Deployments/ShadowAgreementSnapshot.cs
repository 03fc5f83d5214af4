namespace Keel.Serving.Deployments;

/// <summary>The shadow comparison at one moment (see <see cref="ShadowAgreement"/>); NaN where there is nothing to compare.</summary>
/// <param name="Classified">Requests compared by class.</param>
/// <param name="AgreementRate">Share of them where both models predicted the same class.</param>
/// <param name="Regressed">Requests compared by value.</param>
/// <param name="MeanAbsoluteDifference">Mean |primary − shadow| over them.</param>
/// <param name="MaxAbsoluteDifference">Largest |primary − shadow| over them.</param>
/// <param name="ShadowFailures">Mirrored requests the shadow failed on.</param>
public sealed record ShadowAgreementSnapshot(
    long Classified, double AgreementRate, long Regressed, double MeanAbsoluteDifference, double MaxAbsoluteDifference, long ShadowFailures)
{
    /// <summary>All requests compared, by class or by value.</summary>
    public long Compared => Classified + Regressed;
}
