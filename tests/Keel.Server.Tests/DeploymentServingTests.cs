using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Keel.Registry;
using Keel.Serving.Deployments;

namespace Keel.Server.Tests;

/// <summary>Each release strategy served by a real server under 8 concurrent clients.</summary>
public sealed class DeploymentServingTests(DeploymentFixture server) : IClassFixture<DeploymentFixture>
{
    private const int Clients = 8;

    private static ModelReference Churn(int version) => ModelReference.Parse($"models:/churn/{version}");

    private static ModelReference Mirror => ModelReference.Parse("models:/mirror/1");

    [Fact]
    public async Task BlueGreen_SwitchUnderLoad_NoRequestFailsAndEachClientMovesFromOldToNew()
    {
        await server.CreateAsync("bg", DeploymentSpec.BlueGreen(Churn(1), Churn(2)));
        var seen = Enumerable.Range(0, Clients).Select(_ => new List<Answer>()).ToArray();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen[c].Add(await server.InferAsync("bg"));
            }
        })).ToArray();
        await WaitUntilAsync(() => seen.All(s => s.Count >= 10));

        var (status, body) = await server.SendAsync(HttpMethod.Post, "/api/deployments/bg/switch", """{"reason": "test"}""");
        await WaitUntilAsync(() => seen.All(s => s.Count(a => a.ModelVersion == "2") >= 10));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("revision").GetInt32());
        foreach (var answers in seen)
        {
            Assert.All(answers, a => Assert.Equal(200, a.Status));
            var versions = answers.Select(a => a.ModelVersion).ToList();
            var firstNew = versions.IndexOf("2");
            Assert.True(firstNew > 0, "each client saw the old version first");
            Assert.All(versions.Take(firstNew), v => Assert.Equal("1", v));
            Assert.All(versions.Skip(firstNew), v => Assert.Equal("2", v));
            Assert.All(answers.Skip(firstNew), a => Assert.Equal(2, a.Revision));
        }
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("keel_deployment_revision{deployment=\"bg\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("keel_deployment_latency_seconds{deployment=\"bg\",role=\"primary\",quantile=\"0.99\"} ", metrics, StringComparison.Ordinal);
        Assert.Contains("keel_inference_requests_total{deployment=\"bg\",role=\"primary\",model=\"churn\",model_version=\"2\",code=\"200\"} ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canary_CandidateFailsEveryRequest_RollsItselfBackAndThenNoRequestFails()
    {
        var parameters = new DeploymentParameters
        {
            CanarySteps = [50, 100], MinRequests = 10, StepDuration = TimeSpan.FromHours(1), RollbackGate = "error_rate > 0.5",
        };
        await server.CreateAsync("canary", DeploymentSpec.Canary(Churn(1), Churn(3), parameters));
        var answers = new ConcurrentQueue<Answer>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Enqueue(await server.InferAsync("canary"));
            }
        })).ToArray();

        // Nobody calls the controller: the server's background tick must see the errors and roll back.
        await WaitUntilAsync(async () => (await server.Catalog.GetAsync("canary"))!.Current.Change == RevisionChange.CanaryRollback);
        await WaitUntilAsync(() => answers.Count(a => a.Revision == 2) >= 40);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var current = (await server.Catalog.GetAsync("canary"))!.Current;
        Assert.Equal(DeploymentStrategy.Single, current.Spec.Strategy);
        Assert.Equal(Churn(1), current.Spec.Primary);
        Assert.Contains("rollback gate", current.Reason, StringComparison.Ordinal);
        Assert.Contains(answers, a => a.Status == 400);
        var afterRollback = answers.Where(a => a.Revision == 2).ToList();
        Assert.All(afterRollback, a => Assert.Equal(("churn", "1"), (a.ModelName, a.ModelVersion)));
        Assert.All(answers.Where(a => a.Status == 200), a => Assert.Equal("1", a.ModelVersion));
    }

    [Fact]
    public async Task Canary_HealthyCandidate_AdvancesStepByStepAndPromotesWithoutAFailedRequest()
    {
        var parameters = new DeploymentParameters
        {
            CanarySteps = [50, 100], MinRequests = 10, StepDuration = TimeSpan.FromHours(1), PromoteGate = "error_rate <= 0.01",
        };
        await server.CreateAsync("canary-ok", DeploymentSpec.Canary(Churn(1), Mirror, parameters));
        var answers = new ConcurrentQueue<Answer>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Enqueue(await server.InferAsync("canary-ok"));
            }
        })).ToArray();

        await WaitUntilAsync(() => answers.Count(a => a.ModelName == "mirror") >= 20);
        var stepOne = (await server.Catalog.GetAsync("canary-ok"))!.Current;
        server.CanaryClock.SetUtcNow(stepOne.CreatedAt + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () => (await server.Catalog.GetAsync("canary-ok"))!.Current.Change == RevisionChange.CanaryStep);
        await WaitUntilAsync(() => answers.Count(a => a.Revision == 2) >= 20);
        var stepTwo = (await server.Catalog.GetAsync("canary-ok"))!.Current;
        server.CanaryClock.SetUtcNow(stepTwo.CreatedAt + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () => (await server.Catalog.GetAsync("canary-ok"))!.Current.Change == RevisionChange.Promoted);
        await WaitUntilAsync(() => answers.Count(a => a.Revision == 3) >= 20);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal([1, 2, 3], answers.Select(a => a.Revision).Distinct().Order());
        Assert.Contains(answers, a => a.Revision == 1 && a.ModelName == "churn");
        // Step 2 sends all traffic (100 %) to the candidate; after promotion it serves alone.
        Assert.All(answers.Where(a => a.Revision >= 2), a => Assert.Equal("mirror", a.ModelName));
        var promoted = (await server.Catalog.GetAsync("canary-ok"))!.Current;
        Assert.Equal((DeploymentStrategy.Single, Mirror), (promoted.Spec.Strategy, promoted.Spec.Primary));
        Assert.Contains("error_rate <= 0.01", promoted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canary_FeedbackShowsTheCandidateWrong_QualityGateRollsItBack()
    {
        var parameters = new DeploymentParameters
        {
            CanarySteps = [50, 100], MinRequests = 10, StepDuration = TimeSpan.FromHours(1), MinLabels = 20,
            PromoteGate = "error_rate <= 0.01", QualityGate = "quality >= stable.quality - 0.1",
        };
        await server.CreateAsync("canary-labels", DeploymentSpec.Canary(Churn(1), Mirror, parameters));
        var answers = (await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Answer>();
            for (var i = 0; i < 12; i++)
            {
                mine.Add(await server.InferAsync("canary-labels"));
            }
            return mine;
        })))).SelectMany(a => a).ToList();
        Assert.Contains(answers, a => a.ModelName == "mirror");
        Assert.Contains(answers, a => a.ModelName == "churn");

        // Labels arrive later: the stable model was right every time, the candidate wrong every time.
        var feedback = new List<string>();
        foreach (var answer in answers)
        {
            var record = (await server.Log.ReadAsync(answer.InferenceId!)).Single();
            using var outputs = JsonDocument.Parse(record.OutputsJson);
            var predicted = outputs.RootElement.GetProperty("prediction").GetString()!;
            var other = outputs.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("probability_", StringComparison.Ordinal))
                .Select(n => n["probability_".Length..]).First(c => c != predicted);
            var label = record.DeploymentRole == "candidate" ? other : predicted;
            feedback.Add($$"""{"prediction_id": "{{record.PredictionId}}", "label": "{{label}}"}""");
        }
        var (status, _) = await server.SendAsync(HttpMethod.Post, "/feedback", $$"""{"feedback": [{{string.Join(", ", feedback)}}]}""");
        // A second label for the same prediction replaces the stored one but is not counted twice.
        await server.SendAsync(HttpMethod.Post, "/feedback", $$"""{"feedback": [{{feedback[0]}}]}""");
        var live = (await server.SendAsync(HttpMethod.Get, "/api/deployments/canary-labels")).Body.GetProperty("live");

        var step = (await server.Catalog.GetAsync("canary-labels"))!.Current;
        server.CanaryClock.SetUtcNow(step.CreatedAt + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () => (await server.Catalog.GetAsync("canary-labels"))!.Current.Number > step.Number);

        Assert.Equal(200, status);
        var byRole = answers.GroupBy(a => a.ModelName).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(byRole["churn"], live.GetProperty("primary").GetProperty("labels").GetInt64());
        Assert.Equal(byRole["mirror"], live.GetProperty("candidate").GetProperty("labels").GetInt64());
        Assert.Equal(1.0, live.GetProperty("primary").GetProperty("quality").GetDouble());
        Assert.Equal(0.0, live.GetProperty("candidate").GetProperty("quality").GetDouble());
        var current = (await server.Catalog.GetAsync("canary-labels"))!.Current;
        Assert.Equal((RevisionChange.CanaryRollback, Churn(1)), (current.Change, current.Spec.Primary));
        Assert.Contains("quality >= stable.quality - 0.1", current.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shadow_UnderLoad_ClientsHearOnlyThePrimaryAndTheShadowIsLoggedAndCompared()
    {
        await server.CreateAsync("shadowed", DeploymentSpec.Shadow(Churn(1), Mirror));
        var answers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Answer>();
            for (var i = 0; i < 10; i++)
            {
                mine.Add(await server.InferAsync("shadowed"));
            }
            return mine;
        })));
        var all = answers.SelectMany(a => a).ToList();

        Assert.All(all, a => Assert.Equal((200, "churn", "1"), (a.Status, a.ModelName, a.ModelVersion)));
        foreach (var answer in all)
        {
            var primary = await server.Log.ReadAsync(answer.InferenceId!);
            Assert.Equal(("churn", "shadowed", 1, "primary"), (primary.Single().ModelName, primary[0].Deployment, primary[0].DeploymentRevision, primary[0].DeploymentRole));
            await WaitUntilAsync(async () => (await server.Log.ReadAsync(answer.InferenceId + ":shadow")).Count == 1);
            var shadow = (await server.Log.ReadAsync(answer.InferenceId + ":shadow")).Single();
            Assert.Equal(("mirror", "shadowed", "shadow"), (shadow.ModelName, shadow.Deployment, shadow.DeploymentRole));
            Assert.Equal(primary[0].OutputsJson, shadow.OutputsJson);
        }
        await WaitUntilAsync(async () => (await server.SendAsync(HttpMethod.Get, "/api/deployments/shadowed")).Body
            .GetProperty("live").GetProperty("shadow_agreement").GetProperty("compared").GetInt64() == all.Count);
        var live = (await server.SendAsync(HttpMethod.Get, "/api/deployments/shadowed")).Body.GetProperty("live");
        Assert.Equal(1.0, live.GetProperty("shadow_agreement").GetProperty("agreement_rate").GetDouble());
        Assert.Equal(all.Count, live.GetProperty("primary").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task AB_UnderLoad_SameKeySameVariantAndPerVariantMetrics()
    {
        await server.CreateAsync("ab", DeploymentSpec.AB(Churn(1), Churn(2), 0.5, "customer"));
        var answers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var mine = new List<(string Key, Answer Answer)>();
            for (var i = 0; i < 12; i++)
            {
                var key = $"customer-{(c * 12) + i}";
                mine.Add((key, await server.InferAsync("ab", key)));
                mine.Add((key, await server.InferAsync("ab", key)));
            }
            return mine;
        })));
        var all = answers.SelectMany(a => a).ToList();

        Assert.All(all, a => Assert.Equal(200, a.Answer.Status));
        Assert.All(all.GroupBy(a => a.Key), g => Assert.Single(g.Select(a => a.Answer.ModelVersion).Distinct()));
        var byVersion = all.GroupBy(a => a.Answer.ModelVersion).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(["1", "2"], byVersion.Keys.Order());
        var (_, body) = await server.SendAsync(HttpMethod.Get, "/api/deployments/ab");
        var live = body.GetProperty("live");
        Assert.Equal(byVersion["1"], live.GetProperty("primary").GetProperty("requests").GetInt64());
        Assert.Equal(byVersion["2"], live.GetProperty("candidate").GetProperty("requests").GetInt64());
        Assert.Equal("two_proportion_z", live.GetProperty("ab_significance").GetProperty("error_rate").GetProperty("test").GetString());
        Assert.Equal("ab", body.GetProperty("current").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task AB_StickyKeyField_WithoutHeaderRoutesByTheRequestsValueLikeTheHeader()
    {
        await server.CreateAsync("ab-field", DeploymentSpec.AB(Churn(1), Churn(2), 0.5, "city"));

        // Every request's city is Porto: by field, each lands where the header "Porto" sends it.
        var byHeader = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => server.InferAsync("ab-field", "Porto")));
        var byField = await Task.WhenAll(Enumerable.Range(0, 4 * Clients).Select(_ => server.InferAsync("ab-field")));

        var variant = Assert.Single(byHeader.Select(a => a.ModelVersion).Distinct());
        Assert.All(byField, a => Assert.Equal((200, variant), (a.Status, a.ModelVersion)));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }
}
