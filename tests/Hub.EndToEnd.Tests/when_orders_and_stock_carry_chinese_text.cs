using System.Net;
using Hub.Testing.Json;
using Microsoft.Data.Sqlite;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// Text a platform or an operator writes in Chinese comes back as itself, in the answers (UTF-8, as their content type
/// says) and in what Standalone keeps in SQLite, where an operator reading the read store or a dead letter sees it too.
/// </summary>
public sealed class when_orders_and_stock_carry_chinese_text(StockReportFixture fixture) : IClassFixture<StockReportFixture>
{
    private const string Description = "离心水泵 0.75千瓦";
    private const string Seller = "绍兴泵业有限公司";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> PostChineseOrderAsync(string orderId)
    {
        var client = new OrderWebhookClient(fixture.Http);
        var order = OrderWebhookClient.Order(orderId, 1);
        order["seller"]!["name"] = Seller;
        order["lines"]![0]!["description"] = Description;
        using var response = await client.PostAsync(order, "msg_" + orderId);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForOrderAsync("zj-industrial", orderId);
        return (await OrderWebhookClient.JsonOf(response)).GetProperty("ingestionId").GetString()!;
    }

    private async Task<byte[]> GetBytesAsync(string path)
    {
        using var response = await new OrderWebhookClient(fixture.Http).GetAsync(path);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private async Task<byte[]> StoredAsync(string sql, string key)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(fixture.DataPath, "hub.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(Ct);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return Assert.IsType<byte[]>(await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task an_order_answers_with_the_characters_themselves()
    {
        await PostChineseOrderAsync("E2E-ZH-1");

        var order = await GetBytesAsync("/api/orders/zj-industrial/E2E-ZH-1");
        var list = await GetBytesAsync("/api/orders?platformId=zj-industrial&sellerId=S-ZJ-1&pageSize=200");

        Utf8Text.Holds(order, Description);
        Utf8Text.Holds(order, Seller);
        Utf8Text.Holds(list, Description);
    }

    [Fact]
    public async Task the_order_document_is_stored_as_utf8()
    {
        // The event's body on the bus is held to the same in Hub.Embedded.Tests (when_an_event_carries_chinese_text): here
        // it is projected and deleted from hub.db within moments, since the read store is the orders topic's one subscription.
        await PostChineseOrderAsync("E2E-ZH-2");

        Utf8Text.Holds(await StoredAsync("SELECT CAST(body AS BLOB) FROM documents WHERE container = 'orders' AND id = $key", "E2E-ZH-2"), Description);
    }

    [Fact]
    public async Task a_stock_level_and_its_report_answer_and_are_stored_with_the_characters_themselves()
    {
        var csv = StockReportClient.Utf8Csv($"warehouse_code,sku,on_hand,description\nGB-FXT-01,E2E-ZH-PUMP,7,{Description}\n");
        var report = await fixture.Client.UploadAndSettleAsync(StockReportClient.UkOperator, Uri.EscapeDataString("库存-E2E.csv"), csv);
        await fixture.Client.WaitForStockAsync("E2E-ZH-PUMP", "GB-FXT-01", report);
        var reportId = report.GetProperty("reportId").GetString()!;

        Utf8Text.Holds(await GetBytesAsync("/api/stock/E2E-ZH-PUMP"), Description);
        Utf8Text.Holds(await GetBytesAsync("/api/warehouses/GB-FXT-01/stock?pageSize=1000"), Description);
        Utf8Text.Holds(await GetBytesAsync($"/api/warehouses/{StockReportClient.UkOperator}/stock-reports/{reportId}"), "库存-E2E.csv");
        Utf8Text.Holds(await StoredAsync("SELECT CAST(body AS BLOB) FROM documents WHERE id = $key AND pk = 'GB-FXT-01'", "E2E-ZH-PUMP"), Description);
        Utf8Text.Holds(await StoredAsync("SELECT CAST(body AS BLOB) FROM documents WHERE id = $key", reportId), "库存-E2E.csv");
    }

    [Fact]
    public async Task a_problem_answers_with_the_characters_themselves()
    {
        using var response = await new OrderWebhookClient(fixture.Http).GetAsync($"/api/orders/zj-industrial/{Uri.EscapeDataString("订单-404")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Utf8Text.Holds(await response.Content.ReadAsByteArrayAsync(Ct), "No order '订单-404'");
    }
}
