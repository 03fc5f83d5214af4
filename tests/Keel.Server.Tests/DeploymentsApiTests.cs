using System.Text;

namespace Keel.Server.Tests;

public sealed class DeploymentsApiTests(DeploymentFixture server) : IClassFixture<DeploymentFixture>
{
    [Fact]
    public async Task Create_ValidSpec_Is201PinsTheModelAndServesAtOnceOnBothProtocols()
    {
        var (status, body) = await server.SendAsync(HttpMethod.Post, "/api/deployments",
            """{"name": "api-single", "model": "models:/mirror/latest", "reason": "first"}""");
        var again = await server.SendAsync(HttpMethod.Post, "/api/deployments", """{"name": "api-single", "model": "models:/mirror/1"}""");
        var answer = await server.InferAsync("api-single");
        using var content = new StringContent("""{"dataframe_records": [{"x": 4.5, "city": "Porto", "member": true}]}""", Encoding.UTF8, "application/json");
        using var mlflow = await server.Client.PostAsync("/invocations/api-single", content);

        Assert.Equal(201, status);
        Assert.Equal(409, again.Status);
        Assert.StartsWith("name: deployment 'api-single' already exists", again.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(("api-single", 1, "single", "models:/mirror/1", "first"), (body.GetProperty("deployment").GetString(), body.GetProperty("revision").GetInt32(),
            body.GetProperty("strategy").GetString(), body.GetProperty("model").GetString(), body.GetProperty("reason").GetString()));
        Assert.Equal((200, "mirror", "1", 1), (answer.Status, answer.ModelName, answer.ModelVersion, answer.Revision));
        Assert.Equal(System.Net.HttpStatusCode.OK, mlflow.StatusCode);
        Assert.Equal("1", mlflow.Headers.GetValues("X-Keel-Model-Version").Single());
        Assert.Equal("1", mlflow.Headers.GetValues("X-Keel-Deployment-Revision").Single());
    }

    [Theory]
    [InlineData("""{"model": "models:/churn/1"}""", 400, "name: required")]
    [InlineData("""{"name": "x1"}""", 400, "model: required")]
    [InlineData("""{"name": "x2", "model": "churn"}""", 400, "model:")]
    [InlineData("""{"name": "x3", "model": "models:/churn/1", "strategy": "blue-green"}""", 400, "candidate:")]
    [InlineData("""{"name": "x4", "model": "models:/churn/1", "strategy": "fastest"}""", 400, "strategy:")]
    [InlineData("""{"name": "x5", "model": "models:/churn/1", "candidate": "models:/churn/2", "strategy": "canary", "step_duration": "soon"}""", 400, "step_duration:")]
    [InlineData("""{"name": "x6", "model": "models:/churn/1", "candidate": "models:/churn/2", "strategy": "canary", "canary_steps": "5,25"}""", 400, "canary_steps")]
    [InlineData("""{"name": "x7", "model": "models:/churn/99"}""", 400, "models:/churn/99")]
    [InlineData("""[1]""", 400, "body:")]
    public async Task Create_BadBody_Is4xxNamingTheField(string json, int expected, string message)
    {
        var (status, body) = await server.SendAsync(HttpMethod.Post, "/api/deployments", json);

        Assert.Equal(expected, status);
        Assert.Contains(message, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviseSwitchRollback_FollowTheHistoryAndAnswerErrorsWithStatus()
    {
        await server.SendAsync(HttpMethod.Post, "/api/deployments", """{"name": "api-flow", "model": "models:/churn/1"}""");

        var revised = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/revisions",
            """{"strategy": "blue_green", "model": "models:/churn/1", "candidate": "models:/churn/2", "expected_revision": 1}""");
        var stale = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/revisions", """{"model": "models:/churn/2", "expected_revision": 1}""");
        var switched = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/switch");
        var afterSwitch = await server.InferAsync("api-flow");
        var rolledBack = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/rollback", """{"revision": 1}""");
        var afterRollback = await server.InferAsync("api-flow");
        var noRevision = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/rollback", """{"revision": 42}""");
        var missingRevision = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/rollback", "{}");
        var notBlueGreen = await server.SendAsync(HttpMethod.Post, "/api/deployments/api-flow/switch");
        var unknown = await server.SendAsync(HttpMethod.Post, "/api/deployments/nobody/switch");
        var history = await server.SendAsync(HttpMethod.Get, "/api/deployments/api-flow/revisions");
        var shown = await server.SendAsync(HttpMethod.Get, "/api/deployments/api-flow");
        var list = await server.SendAsync(HttpMethod.Get, "/api/deployments");

        Assert.Equal((201, 2), (revised.Status, revised.Body.GetProperty("revision").GetInt32()));
        Assert.Equal(409, stale.Status);
        Assert.Contains("expected_revision", stale.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((200, "switched"), (switched.Status, switched.Body.GetProperty("change").GetString()));
        Assert.Equal(("2", 3), (afterSwitch.ModelVersion, afterSwitch.Revision));
        Assert.Equal((200, 4, 1), (rolledBack.Status, rolledBack.Body.GetProperty("revision").GetInt32(), rolledBack.Body.GetProperty("source_revision").GetInt32()));
        Assert.Equal(("1", 4), (afterRollback.ModelVersion, afterRollback.Revision));
        Assert.Equal(404, noRevision.Status);
        Assert.Contains("revision: deployment 'api-flow' has no revision 42", noRevision.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, missingRevision.Status);
        Assert.StartsWith("revision: required", missingRevision.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, notBlueGreen.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(["created", "revised", "switched", "rollback"], history.Body.EnumerateArray().Select(r => r.GetProperty("change").GetString()));
        Assert.Equal(4, shown.Body.GetProperty("live").GetProperty("served_revision").GetInt32());
        // Metrics are per revision: revision 4 has answered only the one request after the rollback.
        Assert.Equal(1, shown.Body.GetProperty("live").GetProperty("primary").GetProperty("requests").GetInt64());
        Assert.Contains(list.Body.EnumerateArray(), d => d.GetProperty("name").GetString() == "api-flow");
    }

    [Fact]
    public async Task Get_UnknownDeployment_Is404WithError()
    {
        var (status, body) = await server.SendAsync(HttpMethod.Get, "/api/deployments/nobody");
        var infer = await server.SendAsync(HttpMethod.Post, "/v2/models/nobody/infer", DeploymentFixture.Request);

        Assert.Equal(404, status);
        Assert.Equal("no deployment 'nobody'", body.GetProperty("error").GetString());
        Assert.Equal(404, infer.Status);
    }
}
