using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Outbound;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// Cross-border orders reach the partner serving the buyer's country through the embedded bus and a real loopback partner,
/// once per (platform, order, version) whatever the bus or the platform repeats.
/// </summary>
public sealed class when_an_order_is_pushed_to_a_partner : IAsyncLifetime
{
    private OrderTakingPartner _partner = null!;
    private PushHub _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _partner = await OrderTakingPartner.StartAsync();
        _hub = new PushHub(new HubRegistry { Partners = [_partner.Registration()] });
        _hub.StartPushing();
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _partner.DisposeAsync();
    }

    [Fact]
    public async Task a_9610_order_for_a_malaysian_buyer_reaches_the_partner_with_its_idempotency_key()
    {
        var order = PushHub.OrderEvent("ing-1", "o-1", version: 3);

        await _hub.Bus.PublishAsync(Topics.Orders, [order], Ct);

        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 1, "the order event is handled");
        var seen = Assert.Single(_partner.OrderRequests);
        Assert.Equal(PartnerOrder.IdempotencyKeyFor("shop-1", "o-1", 3), seen.Header("Idempotency-Key"));
        Assert.StartsWith("hub-order-", seen.Header("Idempotency-Key"));
        var body = JsonDocument.Parse(seen.Body).RootElement;
        Assert.Equal("o-1", body.GetProperty("orderId").GetString());
        Assert.Equal(3, body.GetProperty("version").GetInt64());
        Assert.Equal("9610", body.GetProperty("customsMode").GetString());
        Assert.Equal("MY", body.GetProperty("order").GetProperty("buyer").GetProperty("country").GetString());
        Assert.False(body.TryGetProperty("ingestionId", out _));

        var status = await _hub.PushStatusAsync("shop-1", "o-1");
        Assert.NotNull(status);
        Assert.Equal(OrderPartnerPushStatuses.Pushed, status.Status);
        Assert.Equal((OrderTakingPartner.PartnerId, 3L, 1, 201), (status.PartnerId, status.OrderVersion, status.Attempts, status.PartnerStatusCode));
        Assert.Equal(seen.Header("Idempotency-Key"), status.IdempotencyKey);
        Assert.NotNull(status.PushedAt);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task the_same_event_delivered_twice_reaches_the_partner_once()
    {
        var order = PushHub.OrderEvent("ing-1", "o-1", version: 1);

        await _hub.Bus.PublishAsync(Topics.Orders, [order], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 1, "the first delivery is handled");
        await _hub.Bus.PublishAsync(Topics.Orders, [order], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 2, "the second delivery is handled");

        Assert.Single(_partner.Orders);
        Assert.Single(_partner.OrderRequests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Empty(await _hub.DeadLettersAsync());
    }

    [Fact]
    public async Task the_platforms_replay_under_a_new_delivery_id_is_still_one_order_at_the_partner()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", version: 1)], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 1, "the first delivery is handled");

        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-2-replayed", "o-1", version: 1)], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-2-replayed") == 1, "the replay is handled");

        var key = Assert.Single(_partner.Orders).Key;
        Assert.Equal(PartnerOrder.IdempotencyKeyFor("shop-1", "o-1", 1), key);
        Assert.All(_partner.OrderRequests, r => Assert.Equal(key, r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task a_new_version_is_pushed_under_its_own_key_and_an_older_one_after_it_is_not()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", version: 1), PushHub.OrderEvent("ing-2", "o-1", version: 2)], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-2") == 1, "version 2 is handled");
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1-late", "o-1", version: 1)], Ct);
        await Eventually.Until(() => _hub.AttemptsOf("ing-1-late") == 1, "the late version 1 is handled");

        Assert.Equal([PartnerOrder.IdempotencyKeyFor("shop-1", "o-1", 1), PartnerOrder.IdempotencyKeyFor("shop-1", "o-1", 2)],
            _partner.OrderRequests.Select(r => r.Header("Idempotency-Key")));
        Assert.Equal(2, (await _hub.PushStatusAsync("shop-1", "o-1"))!.OrderVersion);
    }

    [Theory]
    [InlineData("9710")]
    [InlineData("9810")]
    public async Task b2b_export_modes_are_pushed_too(string customsMode)
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 1, customsMode, buyerCountry: "SG")], Ct);

        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 1, "the order event is handled");
        Assert.Equal(customsMode, JsonDocument.Parse(Assert.Single(_partner.OrderRequests).Body).RootElement.GetProperty("customsMode").GetString());
    }

    [Fact]
    public void the_idempotency_key_is_ascii_deterministic_and_tells_apart_ids_that_run_together()
    {
        var key = PartnerOrder.IdempotencyKeyFor("商城", "订单/1", 7);

        Assert.Equal(key, PartnerOrder.IdempotencyKeyFor("商城", "订单/1", 7));
        Assert.All(key, c => Assert.True(char.IsAscii(c) && !char.IsControl(c)));
        Assert.NotEqual(PartnerOrder.IdempotencyKeyFor("ab", "c", 1), PartnerOrder.IdempotencyKeyFor("a", "bc", 1));
        Assert.NotEqual(PartnerOrder.IdempotencyKeyFor("a", "b", 1), PartnerOrder.IdempotencyKeyFor("a", "b", 2));
    }
}
