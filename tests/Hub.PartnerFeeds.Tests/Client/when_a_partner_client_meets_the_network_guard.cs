using Hub.PartnerFeeds.Http;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

/// <summary>
/// The partner client is behind the guard against server-side request forgery: by default a partner on loopback is
/// refused before anything is sent. (Loopback stands in for any refused address: were the
/// guard missing, this test would reach only this machine.)
/// </summary>
public sealed class when_a_partner_client_meets_the_network_guard
{
    [Fact]
    public async Task a_refused_address_gets_no_request_and_the_caller_sees_the_refusal()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build(new Dictionary<string, string?> { ["Hub:Partners:Http:AllowLoopback"] = null });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 50, Ct));

        Assert.True(PartnerRefusals.IsRefusal(error), $"Not a refusal of the guard: {error}");
        Assert.Empty(partner.Requests);
    }
}
