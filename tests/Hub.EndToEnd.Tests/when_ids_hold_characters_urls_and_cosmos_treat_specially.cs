using System.Net;
using System.Text.Json;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// Order ids and SKUs are whatever a platform or a warehouse system chose: '/', '?', '#', '\', '%', Chinese, long. Each is
/// sent in (a signed webhook, a stock report row), read back by its percent-encoded path (Kestrel leaves %2F encoded in a
/// route value and decodes %25, so the endpoints take the id from the request line), and comes back as itself.
/// </summary>
public sealed class when_ids_hold_characters_urls_and_cosmos_treat_specially(StockReportFixture fixture) : IClassFixture<StockReportFixture>
{
    private const string Warehouse = "GB-FXT-01";

    /// <summary>The longest order id the webhook accepts (Identifiers.MaxLength; see docs/design.md, Read-store keys).</summary>
    private const int MaxOrderIdLength = 512;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> OrderIds { get; } =
    [
        "PO/2026/1",
        "A#1",
        "?",
        "\\",
        "50%",
        "a%2Fb",
        "订单/2026#1",
        // Beyond Cosmos DB's 255-character item id and Service Bus's 128-character session id, both hashed by their adapters.
        ("300/" + new string('w', 300))[..300],
        ("订单/" + new string('单', 300))[..300],
        ("LONG/" + new string('x', MaxOrderIdLength))[..MaxOrderIdLength],
    ];

    [Theory]
    [MemberData(nameof(OrderIds))]
    public async Task an_order_is_found_by_its_percent_encoded_id(string orderId)
    {
        var client = new OrderWebhookClient(fixture.Http);
        using (var posted = await client.PostAsync(OrderWebhookClient.Order(orderId, 1), $"msg_{Guid.NewGuid():N}"))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var order = await client.WaitForOrderAsync("zj-industrial", Uri.EscapeDataString(orderId));

        Assert.Equal(orderId, order.GetProperty("orderId").GetString());
        var listed = await ListedOrderIdsAsync(client);
        Assert.Contains(orderId, listed);
    }

    [Fact]
    public async Task an_id_with_a_literal_percent_2f_and_one_with_a_slash_are_two_orders()
    {
        var client = new OrderWebhookClient(fixture.Http);
        var slash = $"X/{Guid.NewGuid():N}"[..20];
        var literal = slash.Replace("/", "%2F", StringComparison.Ordinal);
        using (var a = await client.PostAsync(OrderWebhookClient.Order(slash, 1, platformId: "zj-industrial"), $"msg_{Guid.NewGuid():N}")) Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        using (var b = await client.PostAsync(OrderWebhookClient.Order(literal, 2), $"msg_{Guid.NewGuid():N}")) Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);

        var bySlash = await client.WaitForOrderAsync("zj-industrial", Uri.EscapeDataString(slash));
        var byLiteral = await client.WaitForOrderAsync("zj-industrial", Uri.EscapeDataString(literal));

        Assert.Equal((slash, 1L), (bySlash.GetProperty("orderId").GetString(), bySlash.GetProperty("version").GetInt64()));
        Assert.Equal((literal, 2L), (byLiteral.GetProperty("orderId").GetString(), byLiteral.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task an_order_id_longer_than_the_limit_is_refused_with_a_400_naming_it_and_nothing_is_stored()
    {
        var client = new OrderWebhookClient(fixture.Http);
        var orderId = new string('y', MaxOrderIdLength + 1);

        using var response = await client.PostAsync(OrderWebhookClient.Order(orderId, 1), $"msg_{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await OrderWebhookClient.JsonOf(response)).GetProperty("errors");
        Assert.Equal($"Must be at most {MaxOrderIdLength} characters; got {MaxOrderIdLength + 1}.", errors.GetProperty("orderId")[0].GetString());
        using var lookup = await client.GetAsync($"/api/orders/zj-industrial/{orderId}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task stock_of_skus_with_any_characters_is_found_by_the_percent_encoded_sku()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] skus =
        [
            $"A/100/{run}",
            $"A#1-{run}",
            $"?{run}",
            $"\\{run}",
            $"50%-{run}",
            $"a%2Fb-{run}",
            $"水泵/一号#{run}",
            run + new string('S', 292),
            run + new string('/', 292),
        ];
        var csv = "warehouse_code,sku,on_hand\n" + string.Concat(skus.Select((sku, i) => $"{Warehouse},\"{sku}\",{i + 1}\n"));

        var report = await fixture.Client.UploadAndSettleAsync(StockReportClient.UkOperator, $"awkward-{run}.csv", StockReportClient.Utf8Csv(csv));

        Assert.Equal(skus.Length, report.GetProperty("rowsAccepted").GetInt32());
        for (var i = 0; i < skus.Length; i++)
        {
            // StockAsync sends /api/stock/{Uri.EscapeDataString(sku)}.
            var level = await fixture.Client.WaitForStockAsync(skus[i], Warehouse, report);
            Assert.Equal((skus[i], i + 1L), (level.GetProperty("sku").GetString(), level.GetProperty("onHand").GetInt64()));
        }
        Assert.Equal(300, skus[^1].Length);
        var listed = (await fixture.Client.WarehouseStockAsync(Warehouse)).Select(l => l.GetProperty("sku").GetString()).ToHashSet();
        Assert.All(skus, sku => Assert.Contains(sku, listed));
    }

    private static async Task<List<string>> ListedOrderIdsAsync(OrderWebhookClient client)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            using var response = await client.GetAsync("/api/orders?platformId=zj-industrial&pageSize=200" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            ids.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!));
            token = page.RootElement.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return ids;
    }
}
