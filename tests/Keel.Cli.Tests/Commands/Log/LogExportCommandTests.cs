using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Keel.Cli.Tests.Support;
using Keel.Learning;
using Keel.Server;
using Keel.Storage;

namespace Keel.Cli.Tests.Commands.Log;

/// <summary>
/// <c>keel log export</c> against a workspace whose inference log is written through <see cref="InferenceLog"/>:
/// two churn classifications (one through deployment churn-prod, labelled by feedback; one served directly, with an
/// extra input) and one price regression an hour apart each, the email input masked as the server masks pii.
/// </summary>
public sealed class LogExportCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly KeelRunner _keel = new();
    private string _aliceHash = "";

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task ExportCsv_AllRows_FlattensInputsOutputsAndLabelsInTimeOrder()
    {
        await SeedAsync();

        var result = await RunOkAsync("log", "export", "--out", "log.csv");

        var (header, rows) = ReadCsv(_keel.PathOf("log.csv"));
        Assert.Equal(
            [
                "prediction_id", "inference_id", "request_id", "time", "model_name", "model_version", "deployment", "deployment_revision",
                "deployment_role", "latency_ms", "input.age", "input.email", "input.plan", "input.region", "input.rooms",
                "prediction", "probability_no", "probability_yes", "label", "label_received_at",
            ],
            header);
        Assert.Equal(["inf-a:0", "inf-b:0", "inf-c:0"], rows.Select(r => r[0]));
        var first = Row(header, rows[0]);
        Assert.Equal("client-7", first["request_id"]);
        Assert.Equal("2026-03-01T12:00:00.0000000Z", first["time"]);
        Assert.Equal("churn-prod", first["deployment"]);
        Assert.Equal("2", first["deployment_revision"]);
        Assert.Equal("primary", first["deployment_role"]);
        Assert.Equal("1.5", first["latency_ms"]);
        Assert.Equal("41", first["input.age"]);
        Assert.Equal("pro, \"gold\"", first["input.plan"]);
        Assert.Equal("", first["input.region"]);
        Assert.Equal("yes", first["prediction"]);
        Assert.Equal("0.75", first["probability_yes"]);
        Assert.Equal("yes", first["label"]);
        Assert.Equal("2026-03-02T00:00:00.0000000Z", first["label_received_at"]);
        var second = Row(header, rows[1]);
        Assert.Equal("eu", second["input.region"]);
        Assert.Equal("", second["deployment"]);
        Assert.Equal("", second["label"]);
        Assert.Equal("", second["label_received_at"]);
        var regression = Row(header, rows[2]);
        Assert.Equal("250000.5", regression["prediction"]);
        Assert.Equal("", regression["probability_yes"]);
        Assert.Equal("candidate", regression["deployment_role"]);
        Assert.Contains("3 predictions exported (1 labelled)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_PiiInput_ExportedAsTheStoredHash()
    {
        await SeedAsync();

        await RunOkAsync("log", "export", "--out", "log.csv");

        var text = await File.ReadAllTextAsync(_keel.PathOf("log.csv"));
        var (header, rows) = ReadCsv(_keel.PathOf("log.csv"));
        Assert.StartsWith("sha256:", _aliceHash, StringComparison.Ordinal);
        Assert.Equal(_aliceHash, Row(header, rows[0])["input.email"]);
        Assert.DoesNotContain("alice@example.com", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportJsonl_FormatFromExtension_OneTypedObjectPerPrediction()
    {
        await SeedAsync();

        var summary = (await RunOkAsync("log", "export", "--out", "log.jsonl", "--json")).Json();

        var lines = await File.ReadAllLinesAsync(_keel.PathOf("log.jsonl"));
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var a = first.RootElement;
        Assert.Equal("inf-a:0", a.GetProperty("prediction_id").GetString());
        Assert.Equal(2, a.GetProperty("deployment_revision").GetInt32());
        Assert.Equal(1.5, a.GetProperty("latency_ms").GetDouble());
        Assert.Equal(41, a.GetProperty("input.age").GetInt32());
        Assert.Equal(_aliceHash, a.GetProperty("input.email").GetString());
        Assert.Equal(0.25, a.GetProperty("probability_no").GetDouble());
        Assert.Equal("yes", a.GetProperty("label").GetString());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal(250000.5, third.RootElement.GetProperty("prediction").GetDouble());
        Assert.Equal(JsonValueKind.Null, third.RootElement.GetProperty("label").ValueKind);
        Assert.Equal(JsonValueKind.Null, third.RootElement.GetProperty("request_id").ValueKind);
        Assert.Equal("jsonl", summary.GetProperty("format").GetString());
        Assert.Equal(3, summary.GetProperty("rows").GetInt64());
        Assert.Equal(1, summary.GetProperty("labelled").GetInt64());
        Assert.Contains("input.rooms", summary.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData(new[] { "inf-a:0", "inf-b:0" }, "--model", "churn")]
    [InlineData(new[] { "inf-a:0" }, "--deployment", "churn-prod")]
    [InlineData(new[] { "inf-a:0" }, "--labelled-only")]
    [InlineData(new[] { "inf-b:0", "inf-c:0" }, "--since", "2026-03-01T13:00:00Z")]
    [InlineData(new[] { "inf-a:0", "inf-b:0" }, "--until", "2026-03-01T14:00")]
    [InlineData(new[] { "inf-b:0" }, "--since", "2026-03-01T14:00:00+01:00", "--until", "2026-03-01T13:30:00Z")]
    [InlineData(new string[0], "--since", "2026-03-02")]
    [InlineData(new[] { "inf-b:0", "inf-c:0" }, "--since", "2026-03-01 13:00:00")]
    [InlineData(new[] { "inf-a:0" }, "--until", "2026-03-01T12:00:00.0000001Z")]
    [InlineData(new[] { "inf-c:0" }, "--model", "price", "--deployment", "price-prod")]
    public async Task ExportCsv_Filters_KeepOnlyMatchingPredictions(string[] expected, params string[] filters)
    {
        await SeedAsync();

        await RunOkAsync(["log", "export", "--out", "log.csv", .. filters]);

        var (_, rows) = ReadCsv(_keel.PathOf("log.csv"));
        Assert.Equal(expected, rows.Select(r => r[0]));
    }

    [Fact]
    public async Task ExportCsv_FilteredRows_HeaderHasOnlyTheirInputs()
    {
        await SeedAsync();

        await RunOkAsync("log", "export", "--out", "price.csv", "--model", "price");

        var (header, _) = ReadCsv(_keel.PathOf("price.csv"));
        Assert.Equal(["input.rooms"], header.Where(h => h.StartsWith("input.", StringComparison.Ordinal)));
        Assert.Equal(["prediction"], header.Where(h => h.StartsWith("pr", StringComparison.Ordinal) && h != "prediction_id"));
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "01/03/2026")]
    [InlineData("--since", "2026-03-01T25:00:00Z")]
    public async Task Export_BadTime_ExitsWithUsageErrorNamingOptionAndFormat(string option, string value)
    {
        await SeedAsync();

        var result = await _keel.RunAsync("log", "export", "--out", "log.csv", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ISO-8601", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(value, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_keel.PathOf("log.csv")));
    }

    [Fact]
    public async Task Export_UnknownExtensionWithoutFormat_ExitsWithUsageError()
    {
        await SeedAsync();

        var unknown = await _keel.RunAsync("log", "export", "--out", "log.txt");
        await RunOkAsync("log", "export", "--out", "log.txt", "--format", "jsonl");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--format", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, (await File.ReadAllLinesAsync(_keel.PathOf("log.txt"))).Length);
    }

    [Fact]
    public async Task Export_ExistingFile_ReplacedWholeWithNoTemporaryLeft()
    {
        await SeedAsync();
        _keel.WriteFile("log.csv", "old contents\n");

        await RunOkAsync("log", "export", "--out", "log.csv", "--labelled-only");

        var (_, rows) = ReadCsv(_keel.PathOf("log.csv"));
        Assert.Single(rows);
        Assert.Equal(["log.csv"], Directory.EnumerateFiles(_keel.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ExportCsv_EmptyLog_WritesHeaderOnly()
    {
        await RunOkAsync("init");

        var result = await RunOkAsync("log", "export", "--out", "log.csv");

        var (header, rows) = ReadCsv(_keel.PathOf("log.csv"));
        Assert.Empty(rows);
        Assert.Equal("prediction", header[10]);
        Assert.Contains("0 predictions exported", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_AfterARealServerScoredAndGotFeedback_HasItsRowsWithPiiHashedAndTheLabel()
    {
        await RunOkAsync("init");
        var training = new StringBuilder("x,email,y\n");
        for (var i = 0; i < 40; i++)
        {
            training.Append(CultureInfo.InvariantCulture, $"{i % 10},user{i}@example.com,{(i % 10 < 5 ? "low" : "high")}\n");
        }
        _keel.WriteFile("train.csv", training.ToString());
        _keel.WriteFile("schema.yaml", "columns:\n  email: { role: id, pii: true }\n");
        await RunOkAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--schema", "schema.yaml", "--out", "m.keel");
        string aliceHash;
        using (var store = await MetadataStore.OpenAsync(Path.Combine(_keel.Directory, ".keel", "keel.db"), _keel.Clock))
        {
            await using var log = await InferenceLog.OpenAsync(store);
            aliceHash = log.Mask.Mask("alice@example.com");
            var app = KeelServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("scorer", "1", Model.Load(_keel.PathOf("m.keel")), "test")], log, _keel.Clock);
            await using (app)
            {
                await app.StartAsync();
                using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
                using var scored = await client.PostAsync("/invocations", new StringContent(
                    """{"dataframe_records": [{"x": 1, "email": "alice@example.com"}, {"x": 8, "email": "bob@example.com"}]}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
                var inferenceId = scored.Headers.GetValues("X-Keel-Inference-Id").Single();
                using var feedback = await client.PostAsync("/feedback", new StringContent(
                    $$"""{"prediction_id": "{{inferenceId}}:1", "label": "high"}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
                await app.StopAsync();
            }
        }

        await RunOkAsync("log", "export", "--out", "served.csv");

        var (header, rows) = ReadCsv(_keel.PathOf("served.csv"));
        Assert.Equal(2, rows.Count);
        var alice = Row(header, rows[0]);
        var bob = Row(header, rows[1]);
        Assert.Equal("scorer", alice["model_name"]);
        Assert.Equal(aliceHash, alice["input.email"]);
        Assert.Equal("1", alice["input.x"]);
        Assert.Equal("low", alice["prediction"]);
        Assert.Equal("high", bob["prediction"]);
        Assert.True(double.Parse(bob["probability_high"], CultureInfo.InvariantCulture) > 0.5);
        Assert.Equal("", alice["label"]);
        Assert.Equal("high", bob["label"]);
        Assert.DoesNotContain("@example.com", await File.ReadAllTextAsync(_keel.PathOf("served.csv")), StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await RunOkAsync("init");
        var database = Path.Combine(_keel.Directory, ".keel", "keel.db");
        _keel.Clock.UtcNow = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        using var store = await MetadataStore.OpenAsync(database, _keel.Clock);
        await using var log = await InferenceLog.OpenAsync(store);
        _aliceHash = log.Mask.Mask("alice@example.com");
        var bobHash = log.Mask.Mask("bob@example.com");
        // Appended out of time order: the export orders by time, not by insertion.
        await log.AppendAsync(
        [
            new InferenceRecord("inf-c:0", "inf-c", null, "price", "3", 0, """{"rooms":3}""", "250000.5", 800, T0.AddHours(2))
            {
                Deployment = "price-prod", DeploymentRevision = 1, DeploymentRole = "candidate",
            },
            new InferenceRecord("inf-a:0", "inf-a", "client-7", "churn", "1", 0,
                $$"""{"age":41,"email":"{{_aliceHash}}","plan":"pro, \"gold\""}""",
                """{"prediction":"yes","probability_no":0.25,"probability_yes":0.75}""", 1500, T0)
            {
                Deployment = "churn-prod", DeploymentRevision = 2, DeploymentRole = "primary",
            },
            new InferenceRecord("inf-b:0", "inf-b", null, "churn", "1", 0,
                $$"""{"age":30,"email":"{{bobHash}}","plan":"basic","region":"eu"}""",
                """{"prediction":"no","probability_no":0.9,"probability_yes":0.1}""", 2000, T0.AddHours(1)),
        ]);
        var outcome = await log.RecordFeedbackAsync([("inf-a:0", "yes")]);
        Assert.Equal(1, outcome.Accepted);
    }

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await _keel.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static Dictionary<string, string> Row(string[] header, string[] cells) =>
        header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    /// <summary>A small RFC 4180 reader (quoted fields, doubled quotes), independent of the writer under test.</summary>
    private static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.True(fields.Count == 0 && field.Length == 0, "the file must end with a line break");
        foreach (var record in records)
        {
            Assert.Equal(records[0].Length, record.Length);
        }
        return (records[0], records.Skip(1).ToList());
    }
}
