using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Retraining;
using Keel.Tests.Support;

namespace Keel.Tests.Retraining;

/// <summary>Candidate against champion on one holdout, with real models: the worse one is never accepted.</summary>
public sealed class JudgeOnHoldoutTests
{
    private static readonly RetrainingPolicy Policy = RetrainingPolicyFile.Parse(
        "deployment: credit\npipeline: p.yaml\ntriggers: [{type: labels, new: 10}]\nguardrails: {gate: \"auc >= champion.auc + 0.005\"}\n", "r.yaml");

    [Fact]
    public void JudgeOnHoldout_WorseCandidateRejectedBetterAccepted_BothMeasuredOnTheSameRows()
    {
        var good = Train(Data(new Random(1), 2000, signal: 0));
        var bad = Train(Data(new Random(2), 2000, signal: 1));
        var holdout = Data(new Random(3), 1000, signal: 0);

        var (rejected, worse, champion) = RetrainingController.JudgeOnHoldout(Policy, bad, good, holdout);
        var (accepted, better, _) = RetrainingController.JudgeOnHoldout(Policy, good, bad, holdout);

        Assert.False(rejected.Accepted);
        Assert.Contains("auc >= champion.auc + 0.005", rejected.Detail, StringComparison.Ordinal);
        Assert.True(accepted.Accepted, accepted.Detail);
        Assert.True(better["auc"] > 0.85 && worse["auc"] < 0.65, $"good {better["auc"]}, old concept {worse["auc"]}");
        Assert.Equal(better["auc"], champion!["auc"], 12);
    }

    [Fact]
    public void JudgeOnHoldout_NoChampion_GateComparingWithItPasses()
    {
        var model = Train(Data(new Random(4), 500, signal: 0));

        var (verdict, _, champion) = RetrainingController.JudgeOnHoldout(Policy, model, null, Data(new Random(5), 200, signal: 0));

        Assert.True(verdict.Accepted, verdict.Detail);
        Assert.Null(champion);
    }

    private static Model Train(Frame frame) => ModelTrainer.Train(frame, null,
        new TrainingOptions { Algorithm = "logistic", Label = "y", Task = LearningTask.Binary, Parameters = new Dictionary<string, string>() },
        null, new ModelLineage("retraining-tests", null, null, DateTimeOffset.UnixEpoch)).Model;

    // y depends on one of two independent features through a logistic link: a model trained where it depended on
    // the other one (an old concept) ranks the holdout's rows by noise.
    private static Frame Data(Random random, int rows, int signal)
    {
        var a = new double[rows];
        var b = new double[rows];
        var y = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (random.NextDouble() * 8) - 4;
            b[i] = (random.NextDouble() * 8) - 4;
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-2 * (signal == 0 ? a[i] : b[i]))) ? "yes" : "no";
        }
        var schema = new Schema([
            new ColumnSchema("a", ColumnType.Numeric), new ColumnSchema("b", ColumnType.Numeric),
            new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label }]);
        return new Frame(schema, [TestFrames.Numeric("a", a), TestFrames.Numeric("b", b), TestFrames.Categorical("y", y)], rows);
    }
}
