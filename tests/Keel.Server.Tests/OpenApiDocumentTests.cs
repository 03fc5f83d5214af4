using System.Net;
using System.Text.Json;

namespace Keel.Server.Tests;

/// <summary><c>GET /openapi/v1.json</c> from a real server serving models directly (no deployments).</summary>
public sealed class OpenApiDocumentTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly (string Method, string Path)[] ScoringOperations =
    [
        ("get", "/v2/health/live"), ("get", "/v2/health/ready"), ("get", "/v2"),
        ("get", "/v2/models/{name}"), ("get", "/v2/models/{name}/versions/{version}"),
        ("get", "/v2/models/{name}/ready"), ("get", "/v2/models/{name}/versions/{version}/ready"),
        ("post", "/v2/models/{name}/infer"), ("post", "/v2/models/{name}/versions/{version}/infer"),
        ("get", "/ping"), ("get", "/health"), ("get", "/version"),
        ("post", "/invocations"), ("post", "/invocations/{name}"), ("post", "/feedback"), ("get", "/metrics"), ("get", "/api/monitoring"),
    ];

    [Fact]
    public async Task GetDocument_ModelServer_IsOpenApi3ListingEveryEndpointWithItsMethod()
    {
        var document = await OpenApi.GetAsync(server.Client);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Keel scoring server", document.GetProperty("info").GetProperty("title").GetString());
        var operations = OpenApi.Operations(document).Select(o => (o.Method, o.Path)).ToHashSet();
        Assert.Equal(ScoringOperations.ToHashSet(), operations);
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/api/deployments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDocument_EveryOperation_HasTagAndSummary()
    {
        var document = await OpenApi.GetAsync(server.Client);

        foreach (var (method, path, operation) in OpenApi.Operations(document))
        {
            Assert.True(operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{method} {path} has no tag");
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 }, $"{method} {path} has no summary");
        }
        Assert.Equal("Open Inference Protocol v2", OpenApi.Operation(document, "post", "/v2/models/{name}/infer").GetProperty("tags")[0].GetString());
        Assert.Equal("MLflow scoring", OpenApi.Operation(document, "post", "/invocations").GetProperty("tags")[0].GetString());
        Assert.Equal("Feedback", OpenApi.Operation(document, "post", "/feedback").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task GetDocument_BodiesTheHandlersReadThemselves_AreDocumented()
    {
        var document = await OpenApi.GetAsync(server.Client);

        var invocations = OpenApi.Operation(document, "post", "/invocations");
        var content = invocations.GetProperty("requestBody").GetProperty("content");
        Assert.True(content.TryGetProperty("text/csv", out _));
        var mlflow = OpenApi.Resolve(document, content.GetProperty("application/json").GetProperty("schema"));
        Assert.True(mlflow.GetProperty("properties").TryGetProperty("dataframe_split", out _));
        Assert.True(mlflow.GetProperty("properties").TryGetProperty("dataframe_records", out _));
        Assert.Equal(["200", "400", "404", "415", "500", "503"], OpenApi.Statuses(invocations));

        var infer = OpenApi.Operation(document, "post", "/v2/models/{name}/infer");
        var request = OpenApi.Resolve(document, infer.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Contains("inputs", request.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var answer = OpenApi.Resolve(document, infer.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(answer.GetProperty("properties").TryGetProperty("model_name", out _));

        var feedback = OpenApi.Operation(document, "post", "/feedback");
        var labels = OpenApi.Resolve(document, feedback.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(labels.GetProperty("properties").TryGetProperty("prediction_id", out _));
        Assert.False(labels.TryGetProperty("required", out _));
        Assert.Equal(["200", "400", "404", "503"], OpenApi.Statuses(feedback));
    }

    [Fact]
    public async Task Invocations_WithDocumentedContentTypes_StillAnswersOtherTypesWithMlflowError()
    {
        // The bodies are documented without Accepts metadata, which would make routing answer 415 itself.
        var (response, body) = await server.PostAsync("/invocations", "<rows/>", "application/xml");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("BAD_REQUEST", body.GetProperty("error_code").GetString());
    }
}

/// <summary><c>GET /openapi/v1.json</c> from a real server hosting deployments.</summary>
public sealed class OpenApiDeploymentsDocumentTests(DeploymentFixture server) : IClassFixture<DeploymentFixture>
{
    [Fact]
    public async Task GetDocument_DeploymentServer_ListsTheDeploymentsApiWithSnakeCaseSchemas()
    {
        var document = await OpenApi.GetAsync(server.Client);

        var operations = OpenApi.Operations(document).Where(o => o.Path.StartsWith("/api/deployments", StringComparison.Ordinal))
            .Select(o => (o.Method, o.Path)).ToHashSet();
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("get", "/api/deployments"), ("post", "/api/deployments"), ("get", "/api/deployments/{name}"),
                ("get", "/api/deployments/{name}/revisions"), ("post", "/api/deployments/{name}/revisions"),
                ("post", "/api/deployments/{name}/switch"), ("post", "/api/deployments/{name}/rollback"),
            },
            operations);
        foreach (var (method, path, operation) in OpenApi.Operations(document))
        {
            Assert.True(operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{method} {path} has no tag");
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 }, $"{method} {path} has no summary");
        }
        var create = OpenApi.Operation(document, "post", "/api/deployments");
        Assert.Equal(["201", "400", "404", "409"], OpenApi.Statuses(create));
        var spec = OpenApi.Resolve(document, create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(spec.GetProperty("properties").TryGetProperty("canary_steps", out _));
        var revision = OpenApi.Resolve(document, create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(revision.GetProperty("properties").TryGetProperty("candidate_share", out _));
        Assert.False(revision.GetProperty("properties").TryGetProperty("candidateShare", out _));
    }
}

/// <summary>Reading an OpenAPI 3 document.</summary>
internal static class OpenApi
{
    public static async Task<JsonElement> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Where(p => p.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => (op.Name, path.Name, op.Value)));

    public static JsonElement Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    public static string[] Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The schema itself, following a <c>$ref</c> into <c>components/schemas</c>.</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
}
