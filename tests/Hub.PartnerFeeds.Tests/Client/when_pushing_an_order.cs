using System.Net;
using System.Text.Json;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

public sealed class when_pushing_an_order
{
    private static readonly JsonElement Order = JsonDocument.Parse("""{"orderId":"o-1","lines":[{"sku":"A-1","quantity":2}]}""").RootElement;

    [Fact]
    public async Task the_order_arrives_as_camel_case_json_with_its_idempotency_key()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, """{"accepted":true}""", 201));
        using var services = Build();

        using var response = await services.For("p1", partner.BaseUrl).PushOrderAsync("order-o-1", Order, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seen = Assert.Single(partner.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/orders", seen.Path);
        Assert.Equal("order-o-1", seen.Header("Idempotency-Key"));
        Assert.Equal("o-1", JsonDocument.Parse(seen.Body).RootElement.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task a_400_is_not_retried_and_its_message_reaches_the_caller()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, """{"error":"sku A-1 unknown"}""", 400));
        using var services = Build();

        using var response = await services.For("p1", partner.BaseUrl).PushOrderAsync("order-o-1", Order, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sku A-1 unknown", await response.Content.ReadAsStringAsync(Ct));
        Assert.Single(partner.Requests);
    }

    [Fact]
    public async Task a_500_is_retried_with_the_same_idempotency_key_and_body()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, n) =>
            n == 1 ? MisbehavingPartner.Json(c, """{"error":"oops"}""", 500) : MisbehavingPartner.Json(c, """{"accepted":true}""", 201));
        using var services = Build();

        using var response = await services.For("p1", partner.BaseUrl).PushOrderAsync("order-o-1", Order, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seen = partner.On("/orders");
        Assert.Equal(2, seen.Count);
        Assert.All(seen, r => Assert.Equal("order-o-1", r.Header("Idempotency-Key")));
        Assert.Equal(seen[0].Body, seen[1].Body);
        Assert.NotEmpty(seen[1].Body);
    }
}
