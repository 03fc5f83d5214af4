using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Examples;
using Keel.Learning.Metrics;
using Keel.Monitoring.Alerts;
using Keel.Monitoring.Windows;
using Keel.Pipelines;
using Keel.Registry;
using Keel.Retraining;
using Keel.Server;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel quickstart</c>: the whole closed loop on generated data in about a minute — a pipeline trains v1 on 90 days
/// of loan applications, v1 is deployed on a real server, simulated days of traffic drift while labels arrive a week
/// late, the server's drift windows and alert rules notice, its retraining loop trains v2 on fresh labelled data,
/// checks it against v1 on the same recent holdout, releases it through shadow and canary and promotes it.
/// </summary>
internal static class QuickstartCommand
{
    private const string Deployment = "credit";
    private const string Marker = ".keel-quickstart";
    private const int HistoryRows = 6_000;
    private const int RowsPerDay = 400;
    private const int DaysAfterTheEnd = 7;
    private static readonly DateTimeOffset HistoryStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TrafficStart = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] ProjectFiles = ["pipeline.yaml", "checks.yaml", "alerts.yaml", "retraining.yaml"];

    public static Command Create(CliContext context)
    {
        var dir = new Option<string>("--dir") { Description = "The folder to build the quickstart in (replaced if an earlier quickstart made it)", DefaultValueFactory = _ => "keel-quickstart" };
        var days = new Option<int>("--days") { Description = "Most simulated days of traffic (it stops a week after a candidate is promoted or rolled back)", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated data", DefaultValueFactory = _ => 42 };
        var serve = new Option<bool>("--serve") { Description = "Afterwards, keep serving the deployment (real time) until Ctrl+C, to explore" };
        var port = new Option<int>("--port") { Description = "Port for --serve", DefaultValueFactory = _ => 8080 };
        var json = CommonOptions.Json();
        var command = new Command("quickstart", """
            Run Keel's closed loop end to end on generated data, in about a minute:
              1. generate 90 days of loan applications and train v1 with a pipeline (checks, preparation, GBDT,
                 evaluation, registration);
              2. deploy v1 and start a real server (inference log, daily drift windows, alert rules, a retraining
                 policy) on a simulated clock;
              3. send weeks of applications whose population and default behaviour drift, one request each, and their
                 true outcomes a week later as feedback;
              4. watch the server notice (drift windows, alerts), retrain on fresh labelled data, compare v2 with v1
                 on the same recent holdout, release v2 as shadow, then canary, and promote it.
            Everything lands in --dir: the project files (pipeline.yaml, alerts.yaml, retraining.yaml), the data,
            the workspace (.keel/) for 'keel deploy history credit', 'keel monitor history --deployment credit',
            'keel runs list', and HTML reports in reports/. Exit code 0 when v2 was promoted, 1 when the story ended
            otherwise (the output says how).

            Examples:
              keel quickstart
              keel quickstart --dir /tmp/qs --json
              keel quickstart --serve --port 9000      # then: curl -s localhost:9000/metrics
            """) { dir, days, seed, serve, port, json };
        command.SetAction(async (result, ct) =>
        {
            var trafficDays = result.GetValue(days);
            if (trafficDays is < 14 or > 120)
            {
                throw new UserException($"--days must be between 14 and 120, got {trafficDays}");
            }
            var root = context.FullPath(result.GetValue(dir)!);
            var story = new Story(context.Terminal, result.GetValue(json));
            var outcome = await RunAsync(context, root, trafficDays, result.GetValue(seed), story, ct);
            if (result.GetValue(serve))
            {
                var workspace = KeelWorkspace.Open(root);
                var options = new ServerOptions { Port = result.GetValue(port), Alerts = AlertFile.Load(Path.Combine(root, "alerts.yaml")) };
                await ServeCommand.ServeDeploymentsAsync(context, workspace, options, [], ct);
            }
            return outcome;
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string root, int trafficDays, int seed, Story story, CancellationToken ct)
    {
        Prepare(root);
        story.Heading($"Keel quickstart in {root}");
        var history = Path.Combine(root, "data", "applications.csv");
        var trafficFile = Path.Combine(root, "data", "traffic.csv");
        new CreditRiskGenerator(new CreditRiskOptions { Rows = HistoryRows, Seed = seed, Start = HistoryStart, Span = TrafficStart - HistoryStart }).Write(history);
        // The drift grows by 1/60 a day: two months of traffic would reach the generator's full drift.
        new CreditRiskGenerator(new CreditRiskOptions
        {
            Rows = RowsPerDay * trafficDays, Seed = seed + 1, Start = TrafficStart, Span = TimeSpan.FromDays(trafficDays), Drift = trafficDays / 60.0,
        }).Write(trafficFile);
        story.Say($"generated {HistoryRows:N0} applications from {HistoryStart:MMM d} to {TrafficStart.AddDays(-1):MMM d} (data/applications.csv) "
            + $"and {RowsPerDay * trafficDays:N0} more for {trafficDays} days of traffic from {TrafficStart:MMM d} (data/traffic.csv), drifting as days pass");

        var workspace = KeelWorkspace.Init(root);
        var clock = new SimulatedClock(TrafficStart);
        using var store = await MetadataStore.OpenAsync(workspace, clock, ct);
        var artifacts = new ArtifactStore(workspace);
        var services = new PipelineServices(workspace, store, artifacts);

        var pipelinePath = Path.Combine(root, "pipeline.yaml");
        story.Heading("1. Train v1 with the pipeline (pipeline.yaml)");
        var first = await new PipelineRunner(services, story.Json ? null : new PipelineRunView(context.Terminal, json: false))
            .RunAsync(PipelineFile.Load(pipelinePath), new RunTrigger("quickstart", "the first model"), pipelinePath, ct);
        if (first.Run.Status != RunStatus.Succeeded || first.Registered is not { } v1)
        {
            throw new InvalidOperationException($"the quickstart pipeline's run {first.Run.Id} {first.Run.Status.ToString().ToLowerInvariant()}: {first.Run.Error}");
        }
        var v1Test = TestMetrics(first);
        story.Say($"registered {v1.Reference}: AUC {Show(v1Test, "auc")} on the newest 20% of the history (test rows)");

        story.Heading("2. Deploy v1 and serve it");
        await new DeploymentCatalog(store).CreateAsync(Deployment, DeploymentSpec.Single(v1.Reference), "quickstart: the first model", ct);
        var options = new ServerOptions
        {
            // The story tells what the server does; its own warnings would repeat it.
            Port = 0, MonitorWindow = WindowSpec.Parse("3d/1d"), Alerts = AlertFile.Load(Path.Combine(root, "alerts.yaml")), ConsoleLog = false,
        };
        TrafficSimulation simulation;
        RetrainEntry? ended;
        await using (var server = await DeploymentServer.StartAsync(services, options, [Path.Combine(root, "retraining.yaml")], clock, context.Terminal.Note, ct))
        {
            story.Say($"deployment '{Deployment}' serves {v1.Reference} on {server.Addresses[0]} (a real server; its clock is simulated); "
                + "drift windows close daily, alert rules in alerts.yaml, retraining policy in retraining.yaml");
            story.Heading($"3. Traffic: {RowsPerDay} applications a day, labels a week later");
            using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
            var (header, applications) = ReadApplications(trafficFile);
            simulation = new TrafficSimulation(client, clock, store, Deployment, story.Tell);
            ended = await simulation.RunAsync(applications, header, TrafficStart, DaysAfterTheEnd, ct);
        }

        story.Heading("4. What happened");
        var models = new RegistryModelSource(store, artifacts);
        var current = (await new DeploymentCatalog(store).GetAsync(Deployment, ct))!.Current;
        var promoted = ended?.Record.Outcome == RetrainOutcome.Promoted;
        var simulatedEnd = clock.GetUtcNow();
        var recent = RecentApplications(trafficFile, simulatedEnd - TimeSpan.FromDays(14), simulatedEnd);
        var comparison = new List<ModelSummary> { await SummarizeAsync(models, v1.Reference, v1Test, recent, ct) };
        var runs = new RunCatalog(store);
        if (ended?.Candidate is { } candidate)
        {
            var steps = ended.RunId is { } runId ? await runs.GetStepsAsync(runId, ct) : [];
            comparison.Add(await SummarizeAsync(models, ModelReference.Parse(candidate), TestMetrics(steps), recent, ct));
        }
        var reports = await WriteReportsAsync(store, root, first.Run.Id, ended?.RunId, simulatedEnd, ct);
        story.Summary(comparison, simulation, ended, current, reports, simulatedEnd);
        return promoted ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>Makes <paramref name="root"/> an empty folder with the project files, replacing an earlier quickstart's.</summary>
    private static void Prepare(string root)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, Marker)))
            {
                throw new UserException($"{root} exists and is not a folder an earlier quickstart made; choose another with --dir");
            }
            Directory.Delete(root, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(root, "data"));
        Directory.CreateDirectory(Path.Combine(root, "reports"));
        File.WriteAllText(Path.Combine(root, Marker), "Made by keel quickstart; the next quickstart with this --dir replaces this folder.\n");
        var assembly = typeof(QuickstartCommand).Assembly;
        foreach (var file in ProjectFiles)
        {
            using var resource = assembly.GetManifestResourceStream("quickstart/" + file)
                ?? throw new InvalidOperationException($"the quickstart's {file} is not embedded in the keel assembly");
            using var output = File.Create(Path.Combine(root, file));
            resource.CopyTo(output);
        }
    }

    /// <summary>The traffic file's header without the label, and each application's row without the label.</summary>
    private static (string Header, List<TrafficSimulation.Application> Applications) ReadApplications(string path)
    {
        // The generator never quotes a field (none holds a comma, quote or line break), so splitting on commas is exact.
        using var reader = new StreamReader(path);
        var columns = reader.ReadLine()!.Split(',');
        var label = Array.IndexOf(columns, CreditRiskGenerator.Label);
        var time = Array.IndexOf(columns, CreditRiskGenerator.Timestamp);
        var applications = new List<TrafficSimulation.Application>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            var at = DateTimeOffset.Parse(fields[time], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            applications.Add(new(at, string.Join(',', fields.Where((_, i) => i != label)), int.Parse(fields[label], CultureInfo.InvariantCulture)));
        }
        // Duplicates sit a few rows late: order by time so that every hour's applications are contiguous.
        applications.Sort((a, b) => a.At.CompareTo(b.At));
        return (string.Join(',', columns.Where((_, i) => i != label)), applications);
    }

    private static IReadOnlyDictionary<string, double> TestMetrics(PipelineRunResult result) => TestMetrics(result.Steps);

    private static IReadOnlyDictionary<string, double> TestMetrics(IReadOnlyList<StepRecord> steps)
    {
        if (steps.FirstOrDefault(s => s.Name == "evaluate")?.OutputsJson is not { } outputs)
        {
            return new Dictionary<string, double>();
        }
        using var json = JsonDocument.Parse(outputs);
        return json.RootElement.TryGetProperty("metrics", out var metrics)
            ? metrics.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Number).ToDictionary(m => m.Name, m => m.Value.GetDouble(), StringComparer.Ordinal)
            : new Dictionary<string, double>();
    }

    /// <summary>A model's figures: its pipeline test metrics, and its AUC on <paramref name="recent"/> (the last two simulated weeks' applications).</summary>
    private static async Task<ModelSummary> SummarizeAsync(
        RegistryModelSource models, ModelReference reference, IReadOnlyDictionary<string, double> test, Frame recent, CancellationToken ct)
    {
        var model = (await models.LoadAsync(reference, ct)).Model;
        var predictions = model.Predict(recent);
        var positive = predictions.Classes.ToList().IndexOf("1");
        var scores = new double[predictions.Rows];
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = predictions.Probabilities![(r * predictions.Classes.Count) + positive];
        }
        var labels = (NumericColumn)recent[CreditRiskGenerator.Label];
        var truth = new int[recent.RowCount];
        for (var r = 0; r < truth.Length; r++)
        {
            truth[r] = labels.Values[r] > 0.5 ? 1 : 0;
        }
        return new ModelSummary(reference, test.TryGetValue("auc", out var auc) ? auc : double.NaN, ClassificationMetrics.RocAuc(truth, scores), recent.RowCount);
    }

    private static Frame RecentApplications(string path, DateTimeOffset from, DateTimeOffset to)
    {
        using var reader = DataSource.Open(path, new ReadOptions(), "traffic.csv");
        var frame = FrameConcat.Concat(reader.Schema, reader.ReadChunks());
        var time = (TimestampColumn)frame[CreditRiskGenerator.Timestamp];
        var rows = Enumerable.Range(0, frame.RowCount).Where(r => time.Ticks[r] >= from.UtcTicks && time.Ticks[r] < to.UtcTicks).ToArray();
        return FrameRows.Select(frame, rows);
    }

    /// <summary>Writes drift over time and the two evaluation reports into reports/; returns their paths.</summary>
    private static async Task<IReadOnlyList<string>> WriteReportsAsync(MetadataStore store, string root, long firstRun, long? retrainRun, DateTimeOffset now, CancellationToken ct)
    {
        var written = new List<string>();
        var drift = Path.Combine(root, "reports", "drift-over-time.html");
        var windows = await new WindowHistory(store).ListAsync(Deployment, null, 1000, ct);
        await AtomicFile.WriteAllTextAsync(drift, DriftHistoryReport.Render(windows, $"deployment {Deployment}", now), ct);
        written.Add(drift);
        var runs = new RunCatalog(store);
        var artifacts = new ArtifactStore(KeelWorkspace.Open(root));
        foreach (var (run, name) in new[] { ((long?)firstRun, "evaluation-v1.html"), (retrainRun, "evaluation-candidate.html") })
        {
            if (run is not { } id
                || (await runs.GetStepsAsync(id, ct)).FirstOrDefault(s => s.Name == "report")?.OutputsJson is not { } outputs)
            {
                continue;
            }
            using var json = JsonDocument.Parse(outputs);
            var path = Path.Combine(root, "reports", name);
            File.Copy(artifacts.GetPath(ArtifactId.Parse(json.RootElement.GetProperty("report").GetString()!)), path, overwrite: true);
            written.Add(path);
        }
        return written;
    }

    private static string Show(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>A model in the quickstart's summary.</summary>
/// <param name="Reference">Its registry reference.</param>
/// <param name="TestAuc">AUC on its pipeline's test rows.</param>
/// <param name="RecentAuc">AUC on the last two simulated weeks' applications (the same rows for every model).</param>
/// <param name="RecentRows">How many applications that is.</param>
internal sealed record ModelSummary(ModelReference Reference, double TestAuc, double RecentAuc, int RecentRows);
