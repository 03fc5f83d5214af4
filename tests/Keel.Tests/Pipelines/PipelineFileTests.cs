using Keel.Learning;
using Keel.Pipelines;
using Keel.Tests.Support;

namespace Keel.Tests.Pipelines;

public sealed class PipelineFileTests : IDisposable
{
    internal const string Full = """
        name: credit-risk
        description: Default risk for loan applications
        source:
          file: data.csv
          on_bad_rows: quarantine
        checks:
          - type: completeness
            column: income
            min_ratio: 0.9
        prepare:
          - kind: impute
            columns: [income]
            strategy: median
        split:
          method: time
          test: 0.25
          time_column: applied_at
        train:
          label: defaulted
          algorithm: gbdt
          task: binary
          params: { rounds: 50, learning_rate: 0.1 }
          search:
            method: random
            trials: 4
            cv: 3
            metric: auc
            space:
              max_leaves: [7, 15, 31]
        evaluate:
          gates:
            - auc >= 0.7
            - f1 >= champion.f1 - 0.01
        register:
          model: credit-risk
          alias: champion
          tags: { team: risk }
        defaults:
          retries: 2
          retry_backoff: 1s
        steps:
          train: { timeout: 10m, retries: 0 }
        schedule:
          cron: "0 0 2 * * ?"
        """;

    private readonly TempDirectory _temp = new();

    public PipelineFileTests() => File.WriteAllText(_temp.Combine("data.csv"), "a,b\n1,2\n");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Parse_FullPipeline_ReadsEverySection()
    {
        var spec = Parse(Full);

        Assert.Equal("credit-risk", spec.Name);
        Assert.Equal(new SourceSpec(SourceKind.File, "data.csv", null, "quarantine"), spec.Source);
        Assert.Single(spec.Checks!.Value.Checks);
        Assert.Single(spec.Prepare!.Value.Specs);
        Assert.Equal(new SplitSpec("time", 0.25, "applied_at", 0), spec.Split);
        Assert.Equal(LearningTask.Binary, spec.Train.Task);
        Assert.Equal("50", spec.Train.Parameters["rounds"]);
        Assert.Equal(["7", "15", "31"], spec.Train.Search!.Space["max_leaves"]);
        Assert.Equal(["auc >= 0.7", "f1 >= champion.f1 - 0.01"], spec.Evaluate.Gates.Select(g => g.Text));
        Assert.Equal("champion", spec.Register!.Alias);
        Assert.Equal(new StepPolicy(2, TimeSpan.FromSeconds(1), null), spec.PolicyOf("load"));
        Assert.Equal(new StepPolicy(0, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)), spec.PolicyOf("train"));
        Assert.Equal("0 0 2 * * ?", spec.Schedule!.Cron);
        Assert.Equal(ScheduleMode.First, spec.Schedule.Mode);
    }

    [Fact]
    public void Parse_Minimal_UsesDefaults()
    {
        var spec = Parse("""
            name: p
            source: { file: data.csv }
            train: { label: b, algorithm: logistic }
            """);

        Assert.Equal(new SplitSpec(null, 0.2, null, 0), spec.Split);
        Assert.True(spec.Evaluate.Report);
        Assert.Empty(spec.Evaluate.Gates);
        Assert.Null(spec.Register);
        Assert.Null(spec.Checks);
        Assert.Equal(StepPolicy.Default, spec.PolicyOf("train"));
    }

    [Fact]
    public void Parse_ChecksAndTransformsFromFiles_KeepTheirText()
    {
        File.WriteAllText(_temp.Combine("checks.yaml"), "checks:\n  - type: row_count\n    min: 1\n");
        File.WriteAllText(_temp.Combine("transforms.yaml"), "transforms:\n  - kind: scale\n    columns: [a]\n");

        var spec = Parse("""
            name: p
            source: { file: data.csv }
            checks: checks.yaml
            prepare: transforms.yaml
            train: { label: b, algorithm: linear }
            """);

        Assert.Equal("checks.yaml", spec.Checks!.File);
        Assert.Contains("row_count", spec.Checks.Text, StringComparison.Ordinal);
        Assert.Equal("scale", Assert.Single(spec.Prepare!.Value.Specs).Kind);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEachWithLineAndColumn()
    {
        var error = Assert.Throws<PipelineSpecException>(() => Parse("""
            name: bad name
            source:
              file: missing.csv
            split:
              test: 1.5
            train:
              label: y
              algorithm: boosting
            evaluate:
              gates: ["auc >= "]
            defaults:
              timeout: soon
            steps:
              training: { retries: 1 }
            schedule:
              cron: "every day"
            colour: blue
            """));

        var text = string.Join("\n", error.Errors);
        Assert.Contains("p.yaml:1:7: pipeline: the pipeline name 'bad name'", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:3:9: source: file 'missing.csv' does not exist", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:5:9: split: 'test' is the share of rows held out", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:8:14: train: 'algorithm' must be one of forest, gbdt, linear, logistic, got 'boosting'", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:10:11: evaluate: gate 'auc >= '", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:12:12: defaults: 'timeout' must be a positive duration", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:14:3: steps: unknown step 'training'", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:16:9: schedule: cron 'every day' is not a valid Quartz cron expression", text, StringComparison.Ordinal);
        Assert.Contains("p.yaml:17:1: pipeline: unknown field 'colour'", text, StringComparison.Ordinal);
        Assert.Equal(9, error.Errors.Count);
    }

    [Fact]
    public void Parse_UnknownParameterAndBadInlineCheck_AreReportedInThePipelineFile()
    {
        var error = Assert.Throws<PipelineSpecException>(() => Parse("""
            name: p
            source: { file: data.csv }
            checks:
              - type: completness
            train:
              label: y
              algorithm: logistic
              params: { rounds: 10 }
            """));

        Assert.Contains(error.Errors, e => e.StartsWith("p.yaml:4:11: check 1: unknown check type 'completness'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("parameter 'rounds' does not apply to logistic", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("source: {}", "give the data as one of 'file', 'glob' or 'dataset'")]
    [InlineData("source: { file: data.csv, dataset: x }", "give only one of")]
    [InlineData("source: { glob: 'd*/x.csv' }", "wildcards are allowed in the file name only")]
    [InlineData("source: { dataset: 'x:zero' }", "dataset reference 'x:zero'")]
    public void Parse_BadSource_SaysWhatIsExpected(string source, string expected)
    {
        var error = Assert.Throws<PipelineSpecException>(() => Parse($"name: p\n{source}\ntrain: {{ label: y, algorithm: gbdt }}\n"));

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_InvalidYaml_NamesLine()
    {
        var error = Assert.Throws<PipelineSpecException>(() => Parse("name: p\nsource: [\n"));

        Assert.StartsWith("p.yaml:", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScheduleOnNewDataForSingleFile_IsRefused()
    {
        var error = Assert.Throws<PipelineSpecException>(() => Parse("""
            name: p
            source: { file: data.csv }
            train: { label: y, algorithm: gbdt }
            schedule: { on_new_data: true }
            """));

        Assert.Contains("a single file has no new versions", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    private PipelineSpec Parse(string yaml) => PipelineFile.Parse(yaml, "p.yaml", _temp.Path);
}
