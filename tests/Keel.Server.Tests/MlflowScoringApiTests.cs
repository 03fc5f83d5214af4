using System.Net;
using Keel.Server.Mlflow;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

public sealed class MlflowScoringApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string> EveryShape => new()
    {
        {
            "application/json",
            """{"dataframe_split": {"columns": ["x", "city", "member", "email"], "data": [[1.5, "Porto", true, "alice@example.com"], [8.25, "Braga", false, "bob@example.com"], [null, "Lisboa", true, null]]}}"""
        },
        {
            "application/json",
            """{"dataframe_records": [{"x": 1.5, "city": "Porto", "member": true}, {"x": 8.25, "city": "Braga", "member": false}, {"city": "Lisboa", "member": true}]}"""
        },
        {
            "application/json",
            """{"instances": [{"x": 1.5, "city": "Porto", "member": true}, {"x": 8.25, "city": "Braga", "member": false}, {"x": null, "city": "Lisboa", "member": true}]}"""
        },
        {
            "application/json",
            """{"inputs": {"x": [1.5, 8.25, null], "city": ["Porto", "Braga", "Lisboa"], "member": [true, false, true]}}"""
        },
        {
            "application/json; charset=utf-8",
            """{"inputs": [[1.5, "Porto", true], [8.25, "Braga", false], [null, "Lisboa", true]]}"""
        },
        {
            "text/csv",
            "email,member,city,x,unused\nalice@example.com,true,Porto,1.5,a\nbob@example.com,false,Braga,8.25,b\n,true,Lisboa,,c\n"
        },
    };

    [Theory]
    [MemberData(nameof(EveryShape))]
    public async Task Invocations_EveryDocumentedShape_EqualsModelPredict(string contentType, string body)
    {
        var (response, json) = await server.PostAsync("/invocations", body, contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Expectations.AssertMlflowClassifier(json);
        Assert.Equal("3", Assert.Single(response.Headers.GetValues(MlflowScoringApi.ModelVersionHeader)));
        Assert.True(Guid.TryParse(Assert.Single(response.Headers.GetValues(MlflowScoringApi.InferenceIdHeader)), out _));
    }

    [Theory]
    [InlineData("application/json", "{\"dataframe_records\": [", "not valid JSON")]
    [InlineData("application/json", "{\"dataframe_records\": []} {}", "not valid JSON: '{' is invalid after a single JSON value")]
    [InlineData("application/json", "", "not valid JSON")]
    [InlineData("application/json", "{\"rows\": []}", "must have one of dataframe_split, dataframe_records, instances, inputs")]
    [InlineData("application/json", "{\"dataframe_records\": [{\"x\": 1, \"member\": true}]}", "missing column 'city' (categorical)")]
    [InlineData("application/json", "{\"dataframe_records\": [{\"x\": 1, \"city\": \"Porto\", \"member\": true}, {\"x\": \"high\", \"city\": \"Porto\", \"member\": \"maybe\"}]}",
        "row 2, column 'x': expected a number, got the string \"high\"; row 2, column 'member': expected a boolean (true or false), got the string \"maybe\"")]
    [InlineData("application/json", "{\"dataframe_split\": {\"columns\": [\"x\", \"city\"], \"data\": [[1, \"Porto\", 3]]}}", "row 1: 'dataframe_split.data' rows must have 2 values")]
    [InlineData("text/csv", "x,city,member\n1,Porto,true\nhigh,Porto,true\n", "line 3, column 'x': expected a number, got the string \"high\"")]
    public async Task Invocations_BadRequest_Is400WithMlflowErrorNamingRowAndColumn(string contentType, string body, string expected)
    {
        var (response, json) = await server.PostAsync("/invocations", body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", json.GetProperty("error_code").GetString());
        Assert.Contains(expected, json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_ManyBadRows_ListsTheFirstTwentyAndCountsTheRest()
    {
        var rows = string.Join(", ", Enumerable.Range(0, 30).Select(_ => "{\"x\": \"high\", \"city\": \"Porto\", \"member\": true}"));

        var (response, json) = await server.PostAsync("/invocations", $"{{\"dataframe_records\": [{rows}]}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = json.GetProperty("message").GetString()!;
        Assert.Contains("row 20, column 'x'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("row 21,", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 10 more", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_UnsupportedContentType_Is415()
    {
        var (response, json) = await server.PostAsync("/invocations", "x=1", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json or text/csv", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ping")]
    [InlineData("/health")]
    [InlineData("/version")]
    public async Task HealthAndVersion_Up_Are200(string path)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invocations_Regression_AnswersPlainValues()
    {
        using var directory = new TempDirectory();
        var app = KeelServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("amount", "1", ServingModels.Regressor, "test")], null, TimeProvider.System);
        await using (app)
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            using var content = new StringContent("""{"inputs": {"x": [1.5, 8.25, null], "city": ["Porto", "Braga", "Lisboa"], "member": [true, false, true]}}""",
                System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/invocations", content);
            var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Expectations.Regressor.Values!, json.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            await app.StopAsync();
        }
    }
}
