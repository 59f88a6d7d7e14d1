using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Hub.Core.Registry;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// A partner's 400 dead-letters the order event at once, with the partner's reason in the dead-letter list; once the partner
/// takes it, a replay pushes it under the same key.
/// </summary>
public sealed class when_a_partner_refuses_an_order : IAsyncLifetime
{
    private OrderTakingPartner _partner = null!;
    private PushHub _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _partner = await OrderTakingPartner.StartAsync();
        _partner.RefusalReason = "buyer address has no postcode";
        _hub = new PushHub(new HubRegistry { Partners = [_partner.Registration()] });
        _hub.StartPushing();
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _partner.DisposeAsync();
    }

    [Fact]
    public async Task it_is_dead_lettered_after_one_attempt_with_the_partners_message()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 2)], Ct);

        var deadLetter = await WaitForDeadLetterAsync();

        Assert.Equal(1, deadLetter.Attempts);
        Assert.Single(_partner.OrderRequests);
        Assert.Equal("ing-1", deadLetter.EventId);
        Assert.Contains(nameof(UndeliverableEventException), deadLetter.LastError);
        Assert.Contains("Partner 'my-ewtp' answered 400 BadRequest to order 'shop-1/o-1' version 2", deadLetter.LastError);
        Assert.Contains("buyer address has no postcode", deadLetter.LastError);

        var status = await _hub.PushStatusAsync("shop-1", "o-1");
        Assert.NotNull(status);
        Assert.Equal((OrderPartnerPushStatuses.Failed, 400, 1), (status.Status, status.PartnerStatusCode, status.Attempts));
        Assert.Contains("buyer address has no postcode", status.LastError);
        Assert.Null(status.PushedAt);
    }

    [Fact]
    public async Task a_replay_after_the_partner_is_fixed_pushes_it_under_the_same_key()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 2)], Ct);
        var deadLetter = await WaitForDeadLetterAsync();
        _partner.RefusalReason = null;

        Assert.True(await _hub.Bus.ReplayAsync(deadLetter.Id, Ct));

        await Eventually.Until(async () => (await _hub.PushStatusAsync("shop-1", "o-1"))?.Status == OrderPartnerPushStatuses.Pushed, "the replay is pushed");
        Assert.Single(_partner.Orders);
        Assert.Single(_partner.OrderRequests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Empty(await _hub.DeadLettersAsync());
        var status = await _hub.PushStatusAsync("shop-1", "o-1");
        Assert.Equal((2, 201, 2), (status!.Attempts, status.PartnerStatusCode, (int)status.OrderVersion));
        Assert.Null(status.LastError);
    }

    private async Task<DeadLetter> WaitForDeadLetterAsync()
    {
        IReadOnlyList<DeadLetter> deadLetters = [];
        await Eventually.Until(async () => (deadLetters = await _hub.DeadLettersAsync()).Count > 0, "the order event is dead-lettered");
        return Assert.Single(deadLetters);
    }
}
