using Hub.Core.Telemetry;
using Hub.Functions.OrderSync;

namespace Hub.Functions.Tests;

/// <summary>The OrderSync app's webhook function, counted through a <see cref="MeterListener"/> on this composition's meter.</summary>
public sealed class webhook_deliveries_are_counted_by_outcome : IAsyncDisposable
{
    private readonly FunctionsHarness _hub = new();
    private readonly HubMeasurements _measured;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public webhook_deliveries_are_counted_by_outcome() => _measured = new HubMeasurements(_hub.Service<HubMetrics>());

    public async ValueTask DisposeAsync()
    {
        _measured.Dispose();
        await _hub.DisposeAsync();
    }

    private const string Order = """
        {
          "platformId": "functions-test-platform", "orderId": "F-COUNT-1", "version": 1, "eventType": "received",
          "occurredAt": "2026-11-20T02:15:00Z",
          "buyer": { "id": "B-DE-1", "name": "Rheinland Technik GmbH", "country": "DE", "kind": "business" },
          "seller": { "id": "S-ZJ-1", "name": "Shaoxing Pumps", "country": "CN" },
          "currency": "EUR",
          "lines": [ { "sku": "PUMP-1", "hsCode": "841370", "quantity": 4, "unit": "pcs", "unitPrice": 312.5 } ],
          "fulfilment": { "warehouseCode": "DE-DUI-01", "incoterm": "DAP" }
        }
        """;

    private async Task<int> PostAsync(Microsoft.AspNetCore.Http.HttpRequest request, string platformId = FunctionsHarness.PlatformId)
    {
        var result = await _hub.Function<ReceiveOrderWebhook>().RunAsync(request, platformId, Ct);
        return (await FunctionsHarness.AnswerAsync(request, result)).Status;
    }

    private long Total(string instrument, string? reason = null) => reason is null
        ? _measured.Total(instrument, (HubMetrics.PlatformTag, FunctionsHarness.PlatformId))
        : _measured.Total(instrument, (HubMetrics.PlatformTag, FunctionsHarness.PlatformId), (HubMetrics.ReasonTag, reason));

    [Fact]
    public async Task one_good_one_duplicate_and_one_badly_signed_delivery_count_one_each()
    {
        Assert.Equal(202, await PostAsync(_hub.SignedWebhook("msg-count-1", Order)));
        Assert.Equal(200, await PostAsync(_hub.SignedWebhook("msg-count-1", Order)));
        var forged = _hub.SignedWebhook("msg-count-2", Order);
        forged.Headers["webhook-signature"] = "v1," + Convert.ToBase64String(new byte[32]);
        Assert.Equal(401, await PostAsync(forged));

        Assert.Equal(1, Total("hub.webhooks.accepted"));
        Assert.Equal(1, Total("hub.webhooks.duplicate"));
        Assert.Equal(1, Total("hub.webhooks.rejected", reason: "signature"));
        Assert.Equal(1, Total("hub.webhooks.rejected"));
    }

    [Fact]
    public async Task a_delivery_refused_before_its_signature_is_checked_is_counted_with_its_reason()
    {
        var notJson = _hub.Request("POST", $"/api/webhooks/orders/{FunctionsHarness.PlatformId}", body: "x"u8.ToArray(), contentType: "text/plain");

        Assert.Equal(415, await PostAsync(notJson));

        Assert.Equal(1, Total("hub.webhooks.rejected", reason: "unsupported_media_type"));
        Assert.Equal(0, Total("hub.webhooks.accepted"));
    }
}
