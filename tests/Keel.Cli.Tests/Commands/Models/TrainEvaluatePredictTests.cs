using System.Globalization;
using System.Text;
using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Models;

public sealed class TrainEvaluatePredictTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    /// <summary>y = 1 when x + (city == "Porto" ? 3 : 0) > 5; some x missing, some labels missing.</summary>
    private void WriteData(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("id,x,city,y\n");
        for (var i = 0; i < rows; i++)
        {
            var x = rng.NextDouble() * 10;
            var city = rng.Next(3) switch { 0 => "Porto", 1 => "Lisboa", _ => "Faro" };
            var y = x + (city == "Porto" ? 3 : 0) > 5 ? 1 : 0;
            var xText = i % 17 == 0 ? "" : x.ToString("0.###", CultureInfo.InvariantCulture);
            var yText = i % 41 == 0 ? "" : y.ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"r{i},{xText},{city},{yText}\n");
        }
        _keel.WriteFile(name, sb.ToString());
    }

    [Fact]
    public async Task Train_ThenEvaluateAndPredict_EndToEnd()
    {
        WriteData("train.csv", 600, 1);
        WriteData("test.csv", 200, 2);

        var train = await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--valid", "test.csv", "--out", "m.keel", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var t = train.Json();
        Assert.Equal("binary", t.GetProperty("task").GetString());
        Assert.Equal(15, t.GetProperty("unlabelled_rows").GetInt32()); // rows 0, 41, ..., 574
        Assert.Equal("id", t.GetProperty("skipped_columns")[0].GetProperty("column").GetString());
        Assert.True(t.GetProperty("validation_metrics").GetProperty("auc").GetDouble() > 0.95);

        var evaluate = await _keel.RunAsync("evaluate", "--model", "m.keel", "--data", "test.csv", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        var e = evaluate.Json();
        Assert.Equal(["auc", "accuracy", "precision", "recall", "f1", "log_loss"], e.EnumerateObject().Select(p => p.Name));
        Assert.Equal(t.GetProperty("validation_metrics").GetProperty("auc").GetDouble(), e.GetProperty("auc").GetDouble(), 12);

        var predict = await _keel.RunAsync("predict", "--model", "m.keel", "--data", "test.csv", "--out", "scored.csv");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var lines = File.ReadAllLines(_keel.PathOf("scored.csv"));
        Assert.Equal("prediction,probability_0,probability_1", lines[0]);
        Assert.Equal(201, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(1.0, double.Parse(first[1], CultureInfo.InvariantCulture) + double.Parse(first[2], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public async Task Train_WithCrossValidation_ReportsMeanAndStdPerMetric()
    {
        WriteData("train.csv", 400, 6);

        var result = await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "gbdt", "--cv", "4", "--out", "m.keel", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var auc = result.Json().GetProperty("cross_validation").GetProperty("auc");
        Assert.InRange(auc.GetProperty("mean").GetDouble(), 0.9, 1.0);
        Assert.InRange(auc.GetProperty("std").GetDouble(), 0.0, 0.1);
    }

    [Fact]
    public async Task ExplainShap_GbdtModel_ContributionsAddUpToThePredictedProbability()
    {
        WriteData("train.csv", 300, 11);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "gbdt", "--param", "rounds=20", "--out", "g.keel")).ExitCode);
        _keel.WriteFile("few.csv", "id,x,city,y\nq1,2.5,Porto,1\nq2,,Faro,0\nq3,8,Lisboa,1\n");

        var explain = await _keel.RunAsync("explain", "--model", "g.keel", "--data", "few.csv", "--method", "shap", "--out", "phi.csv");
        var predict = await _keel.RunAsync("predict", "--model", "g.keel", "--data", "few.csv", "--out", "p.csv");

        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var phi = File.ReadAllLines(_keel.PathOf("phi.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var probabilities = File.ReadAllLines(_keel.PathOf("p.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, phi.Length);
        for (var r = 0; r < 3; r++)
        {
            var raw = phi[r].Skip(2).Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
            Assert.Equal(probabilities[r], 1 / (1 + Math.Exp(-raw)), 9);
        }
    }

    [Fact]
    public async Task ExplainShap_LogisticModel_ExitsTwo()
    {
        WriteData("train.csv", 100, 12);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        var result = await _keel.RunAsync("explain", "--model", "m.keel", "--data", "train.csv", "--method", "shap");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("explains tree models (gbdt, forest)", result.Stderr);
        Assert.Contains("--method permutation", result.Stderr);
    }

    [Fact]
    public async Task ExplainShap_ForestModel_ContributionsAddUpToThePredictedProbability()
    {
        // A forest's contributions explain its averaged class-1 probability itself, not the log-odds.
        WriteData("train.csv", 300, 13);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "forest", "--param", "trees=15", "--out", "rf.keel")).ExitCode);
        _keel.WriteFile("few.csv", "id,x,city,y\nq1,2.5,Porto,1\nq2,,Faro,0\nq3,8,Lisboa,1\nq4,4.9,Faro,0\n");

        var explain = await _keel.RunAsync("explain", "--model", "rf.keel", "--data", "few.csv", "--method", "shap", "--out", "phi.csv", "--json");
        var predict = await _keel.RunAsync("predict", "--model", "rf.keel", "--data", "few.csv", "--out", "p.csv");

        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var json = explain.Json();
        Assert.Equal("probability of 1", json.GetProperty("explains").GetString());
        Assert.Equal(["1"], json.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        var lines = File.ReadAllLines(_keel.PathOf("phi.csv"));
        Assert.Equal("row,output,expected_value,phi_x,phi_city", lines[0]);
        var phi = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var probabilities = File.ReadAllLines(_keel.PathOf("p.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, phi.Length);
        Assert.Contains(probabilities, p => p is > 0.05 and < 0.95);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal("1", phi[r][1]);
            Assert.Equal(probabilities[r], phi[r].Skip(2).Sum(v => double.Parse(v, CultureInfo.InvariantCulture)), 9);
        }
    }

    [Fact]
    public async Task Train_Forest_ReportsOutOfBagScore()
    {
        WriteData("train.csv", 400, 10);

        var result = await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "forest", "--param", "trees=30", "--out", "rf.keel", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.InRange(result.Json().GetProperty("oob_score").GetDouble(), 0.85, 1.0);
    }

    [Fact]
    public async Task Search_Grid_RanksEveryCandidateAndSavesTheBest()
    {
        WriteData("train.csv", 400, 7);

        var result = await _keel.RunAsync("search", "--data", "train.csv", "--label", "y", "--algorithm", "logistic",
            "--grid", "l2=0.01,1000000", "--cv", "3", "--metric", "log_loss", "--out", "best.keel", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = result.Json();
        Assert.Equal(2, root.GetProperty("ranking").GetArrayLength());
        Assert.False(root.GetProperty("higher_is_better").GetBoolean());
        // A huge L2 penalty flattens the model, so the weak penalty must win on log loss.
        Assert.Equal("0.01", root.GetProperty("best").GetProperty("parameters").GetProperty("l2").GetString());
        Assert.True(File.Exists(_keel.PathOf("best.keel")));
    }

    [Fact]
    public async Task Search_BadGrid_ExitsTwo()
    {
        WriteData("train.csv", 50, 7);
        var result = await _keel.RunAsync("search", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--grid", "l2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--grid expects NAME=V1,V2", result.Stderr);
    }

    [Fact]
    public async Task Predict_FileWithoutLabelOrUnusedColumns_StillScores()
    {
        WriteData("train.csv", 300, 3);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        _keel.WriteFile("new.csv", "x,city\n9.5,Faro\n0.5,Lisboa\n");

        var predict = await _keel.RunAsync("predict", "--model", "m.keel", "--data", "new.csv", "--out", "p.csv");

        Assert.True(predict.ExitCode == 0, predict.ToString());
        var lines = File.ReadAllLines(_keel.PathOf("p.csv"));
        Assert.Equal("1", lines[1].Split(',')[0]);
        Assert.Equal("0", lines[2].Split(',')[0]);
    }

    [Fact]
    public async Task Predict_Stdout_WritesCsvToStdoutOnly()
    {
        WriteData("train.csv", 200, 8);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        _keel.WriteFile("new.csv", "x,city\n9.5,Faro\n");

        var result = await _keel.RunAsync("predict", "--model", "m.keel", "--data", "new.csv", "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["prediction,probability_0,probability_1"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(1));
        Assert.Equal(2, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Predict_BadRowMidway_LeavesNoPartialOutput()
    {
        WriteData("train.csv", 200, 9);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        _keel.WriteFile("new.csv", "x,city\n1,Faro\n2,Porto,extra\n");

        var result = await _keel.RunAsync("predict", "--model", "m.keel", "--data", "new.csv", "--out", "p.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("new.csv:3", result.Stderr);
        Assert.False(File.Exists(_keel.PathOf("p.csv")));
        Assert.Empty(Directory.GetFiles(_keel.Directory, "p.csv.tmp-*"));
    }

    [Fact]
    public async Task Evaluate_TamperedModel_ExitsTwoWithChecksumMessage()
    {
        WriteData("train.csv", 200, 4);
        Assert.Equal(0, (await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--out", "m.keel")).ExitCode);
        var path = _keel.PathOf("m.keel");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"city\"", "\"citx\"", StringComparison.Ordinal));

        var result = await _keel.RunAsync("evaluate", "--model", "m.keel", "--data", "train.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("checksum mismatch", result.Stderr);
    }

    [Theory]
    [InlineData("--param", "rounds=5", "does not apply to logistic")]
    [InlineData("--param", "l2", "expects NAME=VALUE")]
    [InlineData("--label", "nope", "label column 'nope' is not in the data")]
    public async Task Train_BadArguments_ExitTwoWithMessage(string option, string value, string expected)
    {
        WriteData("train.csv", 100, 5);
        var args = new List<string> { "train", "--data", "train.csv", "--algorithm", "logistic", "--out", "m.keel" };
        if (option != "--label")
        {
            args.AddRange(["--label", "y"]);
        }
        args.AddRange([option, value]);

        var result = await _keel.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }
}
