using Keel.Serving.Deployments;
using static Keel.Tests.Serving.TestRevisions;

namespace Keel.Tests.Serving;

public sealed class DeploymentRequestTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("250ms", 0.25)]
    [InlineData("00:05:00", 300)]
    public void ParseDuration_UnitsAndTimeSpans_AreSeconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeploymentRequest.ParseDuration("step_duration", text));

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("5y")]
    [InlineData("")]
    public void ParseDuration_NotAPositiveDuration_NamesTheField(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DeploymentRequest.ParseDuration("step_duration", text));
        Assert.StartsWith("step_duration: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSpec_Canary_KeepsDefaultsForWhatIsNotSet()
    {
        var spec = new DeploymentRequest
        {
            Strategy = "canary", Model = Stable.ToString(), Candidate = Candidate.ToString(), CanarySteps = [10, 100], StepDuration = "2m",
            RollbackGate = "error_rate > 0.05",
        }.ToSpec();

        Assert.Equal((DeploymentStrategy.Canary, Stable, Candidate), (spec.Strategy, spec.Primary, spec.Candidate));
        Assert.Equal([10.0, 100.0], spec.Parameters.CanarySteps);
        Assert.Equal(TimeSpan.FromMinutes(2), spec.Parameters.StepDuration);
        Assert.Equal(new DeploymentParameters().MinRequests, spec.Parameters.MinRequests);
        Assert.Empty(spec.Validate());
    }

    [Theory]
    [InlineData(null, null, "model: required")]
    [InlineData("churn", null, "model: ")]
    [InlineData("models:/churn/1", "fastest", "strategy: ")]
    public void ToSpec_BadField_NamesIt(string? model, string? strategy, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new DeploymentRequest { Model = model, Strategy = strategy }.ToSpec());
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSpec_BlueGreenWithHyphen_IsBlueGreen() =>
        Assert.Equal(DeploymentStrategy.BlueGreen, new DeploymentRequest { Strategy = "blue-green", Model = Stable.ToString(), Candidate = Candidate.ToString() }.ToSpec().Strategy);
}
