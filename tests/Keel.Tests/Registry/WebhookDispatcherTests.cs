using System.Text;
using System.Text.Json;
using Keel.Registry;
using Keel.Tests.Support;

namespace Keel.Tests.Registry;

public sealed class WebhookDispatcherTests : RegistryFixture
{
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new();

    public override Task DisposeAsync()
    {
        _http.Dispose();
        _receiver.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task DeliverDueAsync_AliasMove_PostsSignedEventToRealListener()
    {
        var webhooks = new WebhookCatalog(Store);
        await webhooks.AddAsync(_receiver.Url, ["alias.moved"], secret: "s3cret");
        await RegisterAsync("credit", 1, 0.9);
        await Registry.SetAliasAsync("credit", "champion", 1, reason: "first");

        var result = await new WebhookDispatcher(Store, _http).DeliverDueAsync();

        Assert.Equal(new WebhookDispatchResult(1, 0, 0), result);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("alias.moved", request.Headers["X-Keel-Event"]);
        Assert.Equal(WebhookDispatcher.Signature("s3cret", Encoding.UTF8.GetBytes(request.Body)), request.Headers["X-Keel-Signature-256"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("credit", json.RootElement.GetProperty("model").GetString());
        Assert.Equal("champion", json.RootElement.GetProperty("alias").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("models:/credit@champion", json.RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task DeliverDueAsync_AllEvents_GetsCreatedAndGateFailed()
    {
        await new WebhookCatalog(Store).AddAsync(_receiver.Url, [], secret: null);
        await RegisterAsync("credit", 1, 0.7);
        await Registry.SetAliasAsync("credit", "champion", 1, [ModelGate.Parse("auc >= 0.8")]);

        await new WebhookDispatcher(Store, _http).DeliverDueAsync();

        Assert.Equal(["model_version.created", "gate.failed"], _receiver.Received.Select(r => r.Headers["X-Keel-Event"]));
        Assert.DoesNotContain("X-Keel-Signature-256", _receiver.Received.First().Headers.Keys);
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverFails_RetriesWithBackoffOnTheClock()
    {
        await new WebhookCatalog(Store).AddAsync(_receiver.Url, ["model_version.created"], null);
        await RegisterAsync("credit", 1, 0.7);
        _receiver.Responses.Enqueue(500);
        var dispatcher = new WebhookDispatcher(Store, _http);

        var first = await dispatcher.DeliverDueAsync();
        var tooEarly = await dispatcher.DeliverDueAsync();
        Clock.Advance(TimeSpan.FromSeconds(3));
        var second = await dispatcher.DeliverDueAsync();

        Assert.Equal(new WebhookDispatchResult(0, 1, 0), first);
        Assert.Equal(new WebhookDispatchResult(0, 0, 0), tooEarly);
        Assert.Equal(new WebhookDispatchResult(1, 0, 0), second);
        Assert.Equal(2, _receiver.Received.Count);
        var delivery = Assert.Single(await new WebhookCatalog(Store).GetDeliveriesAsync());
        Assert.Equal("delivered", delivery.Status);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverKeepsFailing_GivesUpAfterMaxAttempts()
    {
        await new WebhookCatalog(Store).AddAsync(_receiver.Url, ["*"], null);
        await RegisterAsync("credit", 1, 0.7);
        for (var i = 0; i < 3; i++)
        {
            _receiver.Responses.Enqueue(503);
        }
        var dispatcher = new WebhookDispatcher(Store, _http) { MaxAttempts = 3 };

        for (var i = 0; i < 3; i++)
        {
            await dispatcher.DeliverDueAsync();
            Clock.Advance(TimeSpan.FromHours(1));
        }

        var delivery = Assert.Single(await new WebhookCatalog(Store).GetDeliveriesAsync());
        Assert.Equal("failed", delivery.Status);
        Assert.Contains("503", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(new WebhookDispatchResult(0, 0, 0), await dispatcher.DeliverDueAsync());
    }

    [Theory]
    [InlineData("ftp://x/y", "not an absolute http")]
    [InlineData("hooks", "not an absolute http")]
    public async Task AddAsync_BadUrl_IsRefused(string url, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new WebhookCatalog(Store).AddAsync(url, [], null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_UnknownEvent_ListsKnownOnes()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new WebhookCatalog(Store).AddAsync(_receiver.Url, ["alias.changed"], null));

        Assert.Contains("alias.moved", error.Message, StringComparison.Ordinal);
    }
}
