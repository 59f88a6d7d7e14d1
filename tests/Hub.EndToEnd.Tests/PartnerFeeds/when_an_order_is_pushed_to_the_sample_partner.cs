using System.Net;
using System.Text;
using System.Text.Json;
using Hub.Standalone.Demo;
using static Hub.EndToEnd.Tests.PartnerFeeds.SamplePartners;

namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>The sample partner receives each Idempotency-Key once, however often it is sent: what the push tests and benchmark count on.</summary>
public sealed class when_an_order_is_pushed_to_the_sample_partner : IAsyncLifetime
{
    private const string Order = """{"platformId":"zj-industrial","orderId":"ZJ-MY-3001","version":2,"customsMode":"9610","buyer":{"country":"MY"}}""";
    private SamplePartnerServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await StartSeedPartnersAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task the_first_receipt_is_a_201_and_the_same_key_again_a_200_with_the_same_answer()
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        var (first, firstAnswer) = await PushAsync(http, "zj-industrial:ZJ-MY-3001:2", Order);
        var (again, againAnswer) = await PushAsync(http, "zj-industrial:ZJ-MY-3001:2", Order);

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(firstAnswer, againAnswer);
        var received = Assert.Single(_server.OrdersOf(ApiKeyPartner));
        Assert.Equal("zj-industrial:ZJ-MY-3001:2", received.IdempotencyKey);
        Assert.Equal("ZJ-MY-3001", received.Order.GetProperty("orderId").GetString());
        Assert.Equal((1, 1), (_server.OrdersReceived, _server.RepeatedOrders));
    }

    [Fact]
    public async Task another_key_is_another_order()
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        await PushAsync(http, "zj-industrial:ZJ-MY-3001:2", Order);
        var (status, _) = await PushAsync(http, "zj-industrial:ZJ-MY-3001:3", Order.Replace("\"version\":2", "\"version\":3", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, _server.OrdersOf(ApiKeyPartner).Count);
    }

    [Fact]
    public async Task the_same_key_sent_many_times_at_once_is_received_once()
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => PushAsync(http, "zj-industrial:ZJ-MY-3002:1", Order)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.Equal(23, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Single(answers.Select(a => a.Answer).Distinct());
        Assert.Single(_server.OrdersOf(ApiKeyPartner));
    }

    [Theory]
    [InlineData(null, Order, "Idempotency-Key")]
    [InlineData("k-1", "{\"orderId\":", "not JSON")]
    [InlineData("k-2", "[1,2]", "JSON object")]
    public async Task an_order_without_a_key_or_with_a_body_that_is_not_an_object_is_a_400_and_not_received(string? key, string body, string named)
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        var (status, answer) = await PushAsync(http, key, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, answer);
        Assert.Empty(_server.OrdersOf(ApiKeyPartner));
    }

    [Fact]
    public async Task an_order_without_the_partners_credentials_is_a_401_and_not_received()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrlOf(OAuthPartner) + "/") };

        var (status, _) = await PushAsync(http, "zj-industrial:ZJ-1001:1", Order);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(0, _server.OrdersReceived);
    }

    [Fact]
    public async Task the_orders_received_are_listed_per_partner()
    {
        using var oauth = await AuthenticatedClientAsync(_server, OAuthPartner);
        using var apiKey = ClientFor(_server, ApiKeyPartner);
        await PushAsync(oauth, "zj-industrial:ZJ-1001:1", Order);

        var (_, atOAuth) = await GetJsonAsync(oauth, "orders");
        var (_, atApiKey) = await GetJsonAsync(apiKey, "orders");

        var listed = Assert.Single(atOAuth.GetProperty("items").EnumerateArray());
        Assert.Equal("zj-industrial:ZJ-1001:1", listed.GetProperty("idempotencyKey").GetString());
        Assert.Empty(atApiKey.GetProperty("items").EnumerateArray());
    }

    private static async Task<(HttpStatusCode Status, string Answer)> PushAsync(HttpClient http, string? key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
