using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Registry;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// A 503 is retried through the bus until the partner takes the order, under one key; a partner that stays unavailable gets
/// the order dead-lettered after the bus's attempts, with its last answer. (The client's own retries are switched off here so
/// that each bus delivery is one request.)
/// </summary>
public sealed class when_a_partner_is_unavailable : IAsyncLifetime
{
    private OrderTakingPartner _partner = null!;
    private PushHub _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _partner = await OrderTakingPartner.StartAsync();
        _hub = new PushHub(new HubRegistry { Partners = [_partner.Registration()] },
            new Dictionary<string, string?> { ["Hub:Partners:Client:MaxRetryAttempts"] = "0" });
        _hub.StartPushing();
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _partner.DisposeAsync();
    }

    [Fact]
    public async Task it_is_retried_and_pushed_once_the_partner_is_back()
    {
        _partner.UnavailableFor(2);

        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 1)], Ct);

        await Eventually.Until(async () => (await _hub.PushStatusAsync("shop-1", "o-1"))?.Status == OrderPartnerPushStatuses.Pushed, "the order is pushed");
        Assert.Equal(3, _partner.OrderRequests.Count);
        Assert.Single(_partner.OrderRequests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(_partner.Orders);
        Assert.Equal(3, (await _hub.PushStatusAsync("shop-1", "o-1"))!.Attempts);
        Assert.Empty(await _hub.DeadLettersAsync());
    }

    [Fact]
    public async Task while_it_fails_the_status_says_retrying_and_it_is_dead_lettered_when_the_attempts_run_out()
    {
        _partner.UnavailableFor(int.MaxValue);

        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 1)], Ct);

        await Eventually.Until(async () => (await _hub.DeadLettersAsync()).Count == 1, "the order event is dead-lettered");
        var deadLetter = Assert.Single(await _hub.DeadLettersAsync());
        Assert.Equal(4, deadLetter.Attempts);
        Assert.Contains("answered 503 ServiceUnavailable", deadLetter.LastError);
        Assert.Contains("order intake paused for maintenance", deadLetter.LastError);
        var status = await _hub.PushStatusAsync("shop-1", "o-1");
        Assert.Equal((OrderPartnerPushStatuses.Retrying, 503, 4), (status!.Status, status.PartnerStatusCode, status.Attempts));
        Assert.Empty(_partner.Orders);
    }
}
