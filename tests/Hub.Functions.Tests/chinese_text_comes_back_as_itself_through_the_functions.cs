using System.Text;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Storage;
using Hub.Functions.OrderSync;
using Hub.Functions.ReadStore;
using Hub.Functions.StockReports;
using Hub.Testing.Json;

namespace Hub.Functions.Tests;

/// <summary>
/// Text in Chinese, from a platform's order and an operator's report, as the Functions apps answer it and as they put it on
/// Service Bus: the characters themselves (UTF-8), not <c>\u</c> escapes. Problem details too.
/// </summary>
public sealed class chinese_text_comes_back_as_itself_through_the_functions : IAsyncDisposable
{
    private const string Description = "离心水泵 0.75千瓦";
    private readonly FunctionsHarness _hub = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Order(string orderId) => $$"""
        {
          "platformId": "{{FunctionsHarness.PlatformId}}", "orderId": "{{orderId}}", "version": 1, "eventType": "received",
          "occurredAt": "2026-11-20T02:15:00Z",
          "buyer": { "id": "B-DE-1", "name": "Rheinland Technik GmbH", "country": "DE", "kind": "business" },
          "seller": { "id": "S-ZJ-1", "name": "绍兴泵业有限公司", "country": "CN" },
          "currency": "EUR",
          "lines": [ { "sku": "PUMP-1", "description": "{{Description}}", "hsCode": "841370", "quantity": 4, "unit": "台", "unitPrice": 312.5 } ]
        }
        """;

    private async Task<FunctionsHarness.Answer> GetOrderAsync(string orderId)
    {
        var request = _hub.Authorized("GET", $"/api/orders/{FunctionsHarness.PlatformId}/{orderId}");
        return await FunctionsHarness.AnswerAsync(request, await _hub.Function<GetOrder>().RunAsync(request, FunctionsHarness.PlatformId, orderId, Ct));
    }

    [Fact]
    public async Task an_order_is_published_and_answered_with_the_characters_themselves()
    {
        var webhook = _hub.SignedWebhook("msg-zh-1", Order("F-ZH-1"));
        var accepted = await FunctionsHarness.AnswerAsync(webhook, await _hub.Function<ReceiveOrderWebhook>().RunAsync(webhook, FunctionsHarness.PlatformId, Ct));
        Assert.Equal(202, accepted.Status);
        var (_, published) = Assert.Single(_hub.Bus.Published);
        var message = FunctionsHarness.Delivered(published);
        await _hub.Function<ProjectOrder>().RunAsync(message, Ct);

        var order = await GetOrderAsync("F-ZH-1");

        Utf8Text.Holds(message.Body.ToArray(), Description);
        Assert.Equal(200, order.Status);
        Utf8Text.Holds(order.Bytes, Description);
        Utf8Text.Holds(order.Bytes, "绍兴泵业有限公司");
    }

    [Fact]
    public async Task a_stock_level_is_answered_with_the_characters_themselves()
    {
        var csv = Encoding.UTF8.GetBytes($"warehouse_code,sku,on_hand,description\r\nGB-FXT-01,F-ZH-PUMP,7,{Description}\r\n");
        var upload = _hub.Upload(FunctionsHarness.OperatorId, "库存.csv", csv);
        var uploaded = await FunctionsHarness.AnswerAsync(upload, await _hub.Function<UploadStockReport>().RunAsync(upload, FunctionsHarness.OperatorId, "库存.csv", Ct));
        Assert.Equal(202, uploaded.Status);
        await foreach (var blob in _hub.Service<IBlobStore>().ListAsync(StockReportBlobs.Reports, $"{FunctionsHarness.OperatorId}/", Ct))
            await _hub.BlobCreatedAsync(blob.Name);
        foreach (var (_, cloudEvent) in _hub.Bus.Published.Where(p => p.Topic == Topics.Stock))
            await _hub.Function<ProjectStock>().RunAsync(FunctionsHarness.Delivered(cloudEvent, topic: Topics.Stock), Ct);

        var request = _hub.Authorized("GET", "/api/stock/F-ZH-PUMP");
        var stock = await FunctionsHarness.AnswerAsync(request, await _hub.Function<GetStockBySku>().RunAsync(request, "F-ZH-PUMP", Ct));
        var reportId = (string)uploaded.Json["reportId"]!;
        var statusRequest = _hub.Authorized("GET", $"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}", key: FunctionsHarness.OperatorKey);
        var status = await FunctionsHarness.AnswerAsync(statusRequest,
            await _hub.Function<GetStockReport>().RunAsync(statusRequest, FunctionsHarness.OperatorId, reportId, Ct));

        Assert.Equal(200, stock.Status);
        Utf8Text.Holds(stock.Bytes, Description);
        Utf8Text.Holds(status.Bytes, "库存.csv");
    }

    [Fact]
    public async Task a_problem_is_answered_with_the_characters_themselves()
    {
        var problem = await GetOrderAsync("订单-404");

        Assert.Equal(404, problem.Status);
        Assert.StartsWith("application/problem+json", problem.ContentType);
        Utf8Text.Holds(problem.Bytes, "No order '订单-404'");
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
