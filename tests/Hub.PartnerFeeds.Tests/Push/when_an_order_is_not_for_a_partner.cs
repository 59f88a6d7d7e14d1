using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Registry;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>Orders that are not cross-border e-commerce, or that go where no partner takes pushes, are left alone.</summary>
public sealed class when_an_order_is_not_for_a_partner : IAsyncLifetime
{
    private OrderTakingPartner _partner = null!;
    private PushHub _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _partner = await OrderTakingPartner.StartAsync();
        var belgium = _partner.Registration() with { Id = "be-ewtp", Destinations = ["BE", "NL"], PushOrders = false };
        _hub = new PushHub(new HubRegistry { Partners = [_partner.Registration(), belgium] });
        _hub.StartPushing();
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _partner.DisposeAsync();
    }

    [Theory]
    [InlineData(CustomsModes.BondedImport, "MY")]
    [InlineData(CustomsModes.GeneralTrade, "MY")]
    [InlineData(CustomsModes.Domestic, "MY")]
    [InlineData(CustomsModes.CrossBorderB2C, "US")]
    [InlineData(CustomsModes.CrossBorderB2C, "BE")]
    public async Task nothing_is_sent_and_no_push_status_is_kept(string customsMode, string buyerCountry)
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [PushHub.OrderEvent("ing-1", "o-1", 1, customsMode, buyerCountry)], Ct);

        await Eventually.Until(() => _hub.AttemptsOf("ing-1") == 1, "the order event is handled");
        Assert.Empty(_partner.OrderRequests);
        Assert.Null(await _hub.PushStatusAsync("shop-1", "o-1"));
        Assert.Empty(await _hub.DeadLettersAsync());
    }
}
