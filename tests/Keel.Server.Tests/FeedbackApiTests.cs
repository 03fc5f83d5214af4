using System.Net;

namespace Keel.Server.Tests;

public sealed class FeedbackApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Request = """
        {"inputs": [
          {"name": "x", "shape": [2], "datatype": "FP64", "data": [1.5, 8.25]},
          {"name": "city", "shape": [2], "datatype": "BYTES", "data": ["Porto", "Braga"]},
          {"name": "member", "shape": [2], "datatype": "BOOL", "data": [true, false]},
          {"name": "email", "shape": [2], "datatype": "BYTES", "data": ["a@example.com", null]}
        ]}
        """;

    [Fact]
    public async Task Feedback_SingleAndBatch_JoinLabelsToLoggedPredictions()
    {
        var (_, body) = await server.PostAsync("/v2/models/churn/infer", Request);
        var id = body.GetProperty("parameters").GetProperty("inference_id").GetString()!;

        var (single, singleBody) = await server.PostAsync("/feedback", $$"""{"prediction_id": "{{id}}:0", "label": "yes"}""");
        var (batch, batchBody) = await server.PostAsync("/feedback", $$"""
            {"feedback": [{"prediction_id": "{{id}}:0", "label": "no"}, {"prediction_id": "{{id}}:1", "label": 1}, {"prediction_id": "nope", "label": "yes"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(1, singleBody.GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(2, batchBody.GetProperty("accepted").GetInt32());
        Assert.Equal("nope", Assert.Single(batchBody.GetProperty("unknown_prediction_ids").EnumerateArray()).GetString());
        // A later label replaces an earlier one; numbers are stored as invariant text.
        Assert.Equal("no", await server.Log.GetFeedbackAsync($"{id}:0"));
        Assert.Equal("1", await server.Log.GetFeedbackAsync($"{id}:1"));
    }

    [Fact]
    public async Task Feedback_OnlyUnknownIds_Is404()
    {
        var (response, body) = await server.PostAsync("/feedback", """{"prediction_id": "never-answered:0", "label": "yes"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        Assert.Null(await server.Log.GetFeedbackAsync("never-answered:0"));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"label": "yes"}""", "the body: 'prediction_id' must be a non-empty string")]
    [InlineData("""{"prediction_id": "a:0"}""", "the body: 'label' is missing")]
    [InlineData("""{"feedback": []}""", "'feedback' must be a non-empty array")]
    [InlineData("""{"feedback": [{"prediction_id": "a:0", "label": "x"}, {"prediction_id": "a:1", "label": null}]}""", "feedback[1]: 'label' must be")]
    public async Task Feedback_Malformed_Is400NamingTheProblem(string json, string expected)
    {
        var (response, body) = await server.PostAsync("/feedback", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
