using System.Net;
using System.Text.Json;

namespace Keel.Server.Tests;

public sealed class OpenInferenceApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string ColumnsRequest = """
        {"id": "req-42", "inputs": [
          {"name": "x", "shape": [3], "datatype": "FP64", "data": [1.5, 8.25, null]},
          {"name": "city", "shape": [3], "datatype": "BYTES", "data": ["Porto", "Braga", "Lisboa"]},
          {"name": "member", "shape": [3], "datatype": "BOOL", "data": [true, false, true]},
          {"name": "email", "shape": [3], "datatype": "BYTES", "data": ["alice@example.com", "bob@example.com", null]}
        ]}
        """;

    [Fact]
    public async Task Infer_OneTensorPerColumn_EqualsModelPredictAndEchoesTheId()
    {
        var (response, body) = await server.PostAsync("/v2/models/churn/infer", ColumnsRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("churn", body.GetProperty("model_name").GetString());
        Assert.Equal("3", body.GetProperty("model_version").GetString());
        Assert.Equal("req-42", body.GetProperty("id").GetString());
        Expectations.AssertOipClassifier(body);
        var inferenceId = body.GetProperty("parameters").GetProperty("inference_id").GetString();
        var ids = body.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "prediction_id").GetProperty("data");
        Assert.Equal([$"{inferenceId}:0", $"{inferenceId}:1", $"{inferenceId}:2"], ids.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Infer_ColumnsShapedNBy1AndVersionedRoute_EqualsModelPredict()
    {
        var request = """
            {"inputs": [
              {"name": "x", "shape": [3, 1], "datatype": "FP64", "data": [[1.5], [8.25], [null]]},
              {"name": "city", "shape": [3, 1], "datatype": "BYTES", "data": ["Porto", "Braga", "Lisboa"]},
              {"name": "member", "shape": [3, 1], "datatype": "BOOL", "data": [true, false, true]}
            ]}
            """;

        var (response, body) = await server.PostAsync("/v2/models/churn/versions/3/infer", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Expectations.AssertOipClassifier(body);
        Assert.Equal(body.GetProperty("parameters").GetProperty("inference_id").GetString(), body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Infer_SingleMatrixInSchemaOrder_EqualsModelPredict()
    {
        var request = """
            {"inputs": [{"name": "input-0", "shape": [3, 3], "datatype": "BYTES",
              "data": ["1.5", "Porto", "true", "8.25", "Braga", "false", null, "Lisboa", "true"]}]}
            """;

        var (response, body) = await server.PostAsync("/v2/models/churn/infer", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Expectations.AssertOipClassifier(body);
    }

    [Fact]
    public async Task Infer_RequestedOutputs_AnswersOnlyThose()
    {
        var request = ColumnsRequest.Replace("\"id\": \"req-42\",", "\"outputs\": [{\"name\": \"probability_yes\"}],", StringComparison.Ordinal);

        var (response, body) = await server.PostAsync("/v2/models/churn/infer", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["probability_yes"], body.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Infer_Regression_AnswersValuesAsFp64()
    {
        var (response, body) = await server.PostAsync("/v2/models/amount/infer", ColumnsRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = body.GetProperty("outputs")[0];
        Assert.Equal("prediction", prediction.GetProperty("name").GetString());
        Assert.Equal("FP64", prediction.GetProperty("datatype").GetString());
        Assert.Equal(Expectations.Regressor.Values!, prediction.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    [Theory]
    [InlineData("/v2/models/nope/infer", "no model named 'nope'")]
    [InlineData("/v2/models/churn/versions/9/infer", "no version '9'")]
    public async Task Infer_UnknownModelOrVersion_Is404WithError(string path, string expected)
    {
        var (response, body) = await server.PostAsync(path, ColumnsRequest);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"inputs\": [", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"inputs\": []}", "'inputs' must be a non-empty array")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [2], "datatype": "FP64", "data": [1.5]}]}""", "'data' has 1 elements but shape [2] holds 2")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": ["high"]}]}""", "input 'x' is FP64 but element 0 is a string")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}, {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}]}""", "missing column 'city' (categorical)")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": ["high"]}, {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["Porto"]}, {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}]}""", "row 1, column 'x': expected a number, got the string \"high\"")]
    [InlineData("""{"inputs": [{"name": "m", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]}]}""", "the model takes 3 columns in this order: x, city, member")]
    [InlineData("""{"outputs": [{"name": "nope"}], "inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}]}""", "unknown output 'nope'")]
    public async Task Infer_BadRequest_Is400NamingTheProblem(string request, string expected)
    {
        var (response, body) = await server.PostAsync("/v2/models/churn/infer", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelMetadata_ListsRequiredInputsWithDatatypesAndTheOutputs()
    {
        var (response, body) = await server.GetAsync("/v2/models/churn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("churn", body.GetProperty("name").GetString());
        Assert.Equal(["3"], body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("keel-gbdt", body.GetProperty("platform").GetString());
        Assert.Equal(["x:FP64", "city:BYTES", "member:BOOL"], Tensors(body.GetProperty("inputs")));
        Assert.Equal(["prediction:BYTES", "probability_no:FP64", "probability_yes:FP64", "prediction_id:BYTES"], Tensors(body.GetProperty("outputs")));
    }

    [Theory]
    [InlineData("/v2/health/live", "live")]
    [InlineData("/v2/health/ready", "ready")]
    [InlineData("/v2/models/churn/ready", "ready")]
    [InlineData("/v2/models/churn/versions/3/ready", "ready")]
    public async Task Health_Up_Is200True(string path, string field)
    {
        var (response, body) = await server.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty(field).GetBoolean());
    }

    [Fact]
    public async Task ModelReady_UnknownModel_Is404()
    {
        var (response, _) = await server.GetAsync("/v2/models/nope/ready");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_NamesKeel()
    {
        var (response, body) = await server.GetAsync("/v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("keel", body.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("extensions").ValueKind);
    }

    private static IEnumerable<string> Tensors(JsonElement list) =>
        list.EnumerateArray().Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("datatype").GetString()}");
}
