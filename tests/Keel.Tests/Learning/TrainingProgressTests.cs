using Keel.Data;
using Keel.Data.Reading;
using Keel.Learning;
using Keel.Learning.Linear;
using Keel.Learning.Training;
using Keel.Learning.Trees;
using Keel.Learning.Validation;
using Keel.Tests.Learning.Linear;
using Keel.Tests.Learning.Trees;
using Keel.Tests.Learning.Validation;
using Keel.Tests.Support;

namespace Keel.Tests.Learning;

/// <summary>Progress reports of the learners: one per step, counting up to the total, and no effect on the model.</summary>
public sealed class TrainingProgressTests
{
    private static readonly ModelLineage Lineage = new("test", null, null, DateTimeOffset.UnixEpoch);

    /// <summary>Records reports synchronously on the reporting thread (Progress&lt;T&gt; would post them to a context).</summary>
    private sealed class ProgressLog : IProgress<TrainingProgress>
    {
        private readonly List<TrainingProgress> _reports = [];

        public IReadOnlyList<TrainingProgress> Reports
        {
            get
            {
                lock (_reports)
                {
                    return [.. _reports];
                }
            }
        }

        public void Report(TrainingProgress value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }

    /// <summary>Done = 1, 2, …, n in order, all of one stage, Total never rising, and the last report Done = Total.</summary>
    private static void AssertCountsUpToTotal(IReadOnlyList<TrainingProgress> reports, TrainingStage stage, int plannedTotal)
    {
        Assert.NotEmpty(reports);
        for (var i = 0; i < reports.Count; i++)
        {
            Assert.Equal(stage, reports[i].Stage);
            Assert.Equal(i + 1, reports[i].Done);
            Assert.InRange(reports[i].Total, reports[i].Done, plannedTotal);
        }
        Assert.Equal(reports[^1].Done, reports[^1].Total);
    }

    private static Frame BreastCancer()
    {
        using var reader = DataSource.Open(Path.Combine("Fixtures", "linear", "breast_cancer.csv"), new ReadOptions());
        return FrameConcat.Concat(reader.Schema, reader.ReadChunks());
    }

    [Theory]
    [InlineData("gbdt", "rounds=30")]
    [InlineData("forest", "trees=8")]
    [InlineData("logistic", "max_iter=100")]
    public void Train_WithProgress_WritesTheSameModelFileAsWithout(string algorithm, string parameter)
    {
        var all = BreastCancer();
        var train = FrameRows.Select(all, Enumerable.Range(0, 455).ToArray());
        var valid = FrameRows.Select(all, Enumerable.Range(455, 114).ToArray());
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        var options = new TrainingOptions
        {
            Algorithm = algorithm,
            Label = "label",
            Parameters = new Dictionary<string, string> { [parameter[..eq]] = parameter[(eq + 1)..], ["seed"] = "3" },
        };
        var log = new ProgressLog();
        using var directory = new TempDirectory();

        ModelTrainer.Train(train, valid, options, null, Lineage).Model.Save(directory.Combine("quiet.keel"));
        ModelTrainer.Train(train, valid, options with { Progress = log }, null, Lineage).Model.Save(directory.Combine("reported.keel"));

        Assert.Equal(File.ReadAllBytes(directory.Combine("quiet.keel")), File.ReadAllBytes(directory.Combine("reported.keel")));
        var expectedStage = algorithm switch { "gbdt" => TrainingStage.Rounds, "forest" => TrainingStage.Trees, _ => TrainingStage.Iterations };
        AssertCountsUpToTotal(log.Reports, expectedStage, algorithm == "forest" ? 8 : algorithm == "gbdt" ? 30 : 100);
    }

    [Fact]
    public void GbdtFit_EarlyStopping_ReportsEveryRoundRunWithTheHistoryLosses()
    {
        var (train, trainY, test, testY) = TreeFixtures.Load("breast_cancer.csv", 455);
        var log = new ProgressLog();
        var options = new GbdtOptions { Rounds = 300, LearningRate = 0.5, EarlyStoppingRounds = 3, Progress = log };

        var model = new GbdtTrainer(options).Fit(train, trainY, test, testY);

        var rounds = model.History.TrainingLoss.Count;
        Assert.True(rounds < options.Rounds, $"early stopping should have ended the fit; it ran {rounds} rounds");
        var reports = log.Reports;
        AssertCountsUpToTotal(reports, TrainingStage.Rounds, options.Rounds);
        Assert.Equal(rounds, reports.Count);
        Assert.All(reports.SkipLast(1), r => Assert.Equal(options.Rounds, r.Total));
        Assert.Equal(model.History.TrainingLoss, reports.Select(r => r.Loss));
        Assert.Equal(model.History.ValidationLoss!, reports.Select(r => r.ValidationLoss));
    }

    [Fact]
    public void GbdtFit_NoValidation_ReportsEveryRoundWithoutValidationLoss()
    {
        var (train, trainY, _, _) = TreeFixtures.Load("breast_cancer.csv", 455);
        var log = new ProgressLog();

        var model = new GbdtTrainer(new GbdtOptions { Rounds = 12, Progress = log }).Fit(train, trainY);

        AssertCountsUpToTotal(log.Reports, TrainingStage.Rounds, 12);
        Assert.All(log.Reports, r => Assert.Equal(12, r.Total));
        Assert.All(log.Reports, r => Assert.True(double.IsNaN(r.ValidationLoss)));
        Assert.Equal(model.History.TrainingLoss, log.Reports.Select(r => r.Loss));
    }

    [Fact]
    public void RandomForestFit_ReportsOncePerBootstrapSample()
    {
        var (train, trainY, _, _) = TreeFixtures.Load("multiclass.csv", 800);
        var log = new ProgressLog();

        new RandomForestTrainer(new RandomForestOptions { Task = LearningTask.Multiclass, Trees = 7, Progress = log }).Fit(train, trainY);

        AssertCountsUpToTotal(log.Reports, TrainingStage.Trees, 7);
        Assert.Equal(7, log.Reports.Count);
    }

    [Fact]
    public void LogisticFit_Converged_LastReportIsTheStepsTakenAndTheFinalObjective()
    {
        var (x, labels) = LinearFixtures.BreastCancerStandardised();
        var log = new ProgressLog();

        var model = new LogisticRegression { MaxIterations = 1000, Progress = log }.Fit(x, labels);

        Assert.True(model.Training.Converged);
        AssertCountsUpToTotal(log.Reports, TrainingStage.Iterations, 1000);
        Assert.Equal(model.Training.Iterations, log.Reports.Count);
        Assert.Equal(model.Training.Loss, log.Reports[^1].Loss);
        Assert.All(log.Reports.SkipLast(1), r => Assert.Equal(1000, r.Total));
        // L-BFGS only accepts steps that lower f.
        Assert.All(log.Reports.Zip(log.Reports.Skip(1)), p => Assert.True(p.Second.Loss <= p.First.Loss));
    }

    [Fact]
    public void LogisticFit_IterationLimit_EveryReportHasTheLimitAsTotal()
    {
        var (x, labels) = LinearFixtures.BreastCancerStandardised();
        var log = new ProgressLog();

        var model = new LogisticRegression { MaxIterations = 5, Tolerance = 0, Progress = log }.Fit(x, labels);

        Assert.Equal(LbfgsTermination.MaxIterations, model.Training.Termination);
        AssertCountsUpToTotal(log.Reports, TrainingStage.Iterations, 5);
        Assert.All(log.Reports, r => Assert.Equal(5, r.Total));
    }

    [Fact]
    public void CrossValidationRun_ReportsFoldsOnlyNotTheFoldsTrainings()
    {
        var data = SyntheticData.Separable(200, seed: 1);
        var folds = StratifiedKFold.Split(SyntheticData.Labels(data), 4, seed: 0);
        var log = new ProgressLog();

        CrossValidation.Run(data, new TrainingOptions { Algorithm = "gbdt", Label = "y", Parameters = new Dictionary<string, string> { ["rounds"] = "5" }, Progress = log }, folds);

        AssertCountsUpToTotal(log.Reports, TrainingStage.Folds, 4);
        Assert.All(log.Reports, r => Assert.Equal(4, r.Total));
    }

    [Fact]
    public async Task SearchAsync_ParallelTrials_ReportThroughSearchOptionsNotTheTrainingOptions()
    {
        var data = SyntheticData.Separable(120, seed: 2);
        var folds = StratifiedKFold.Split(SyntheticData.Labels(data), 3, seed: 0);
        var log = new ProgressLog();
        var trials = new List<SearchProgress>();
        var candidates = HyperparameterSearch.Grid(new Dictionary<string, string[]> { ["l2"] = ["0.01", "0.1", "1", "10"] });

        await HyperparameterSearch.SearchAsync(data, new TrainingOptions { Algorithm = "logistic", Label = "y", Progress = log }, candidates, folds,
            new SearchOptions { Metric = "log_loss", MaxDegreeOfParallelism = 4, Progress = new SynchronousProgress<SearchProgress>(trials.Add) });

        Assert.Empty(log.Reports);
        Assert.Equal([1, 2, 3, 4], trials.Select(t => t.TrialsDone));
        Assert.All(trials, t => Assert.Equal(4, t.TrialsTotal));
    }

    /// <summary>Calls the handler on the reporting thread; the search serialises its reports, so a plain list is safe.</summary>
    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
