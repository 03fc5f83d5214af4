using Keel.Data.Expressions;
using Keel.Registry;

namespace Keel.Tests.Registry;

public sealed class ModelGateTests
{
    private static readonly Dictionary<string, double> Candidate = new() { ["auc"] = 0.84, ["f1"] = 0.70 };
    private static readonly Dictionary<string, IReadOnlyDictionary<string, double>> Champion = new()
    {
        ["champion"] = new Dictionary<string, double> { ["auc"] = 0.85, ["f1"] = 0.705 },
    };

    [Theory]
    [InlineData("auc >= 0.80", true)]
    [InlineData("auc >= 0.85", false)]
    [InlineData("f1 >= champion.f1 - 0.01", true)]
    [InlineData("f1 >= champion.f1", false)]
    [InlineData("auc > champion.auc or f1 > 0.69", true)]
    public void Evaluate_ComparesCandidateWithAliasHolder(string gate, bool passes)
    {
        Assert.Equal(passes, ModelGate.Parse(gate).Evaluate(Candidate, Champion).Passed);
    }

    [Fact]
    public void Evaluate_UnknownMetric_FailsNamingIt()
    {
        var outcome = ModelGate.Parse("recall >= 0.5").Evaluate(Candidate, Champion);

        Assert.False(outcome.Passed);
        Assert.Contains("no metric 'recall'", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("auc, f1", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NotACondition_Fails()
    {
        var outcome = ModelGate.Parse("auc + 1").Evaluate(Candidate, Champion);

        Assert.False(outcome.Passed);
        Assert.Contains("not a condition", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxError_NamesPosition()
    {
        var error = Assert.Throws<ExpressionException>(() => ModelGate.Parse("auc >= "));

        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_ListsComparedAliases()
    {
        Assert.Equal(["champion", "prod"], ModelGate.Parse("auc >= champion.auc and f1 >= prod.f1 and auc > champion.f1").Aliases);
    }
}
