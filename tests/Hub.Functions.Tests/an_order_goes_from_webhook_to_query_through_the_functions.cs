using System.Text;
using Azure.Messaging.ServiceBus;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Functions.OrderSync;
using Hub.Functions.ReadStore;

namespace Hub.Functions.Tests;

/// <summary>
/// The three hops an order takes in Azure, each through its function class: the webhook into OrderSync, the message
/// into ReadStore's projection, the query out of ReadStore. Service Bus itself is the hop a test cannot make.
/// </summary>
public sealed class an_order_goes_from_webhook_to_query_through_the_functions : IAsyncDisposable
{
    private readonly FunctionsHarness _hub = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Order(string orderId = "F-1001", int version = 1, string eventType = "received") => $$"""
        {
          "platformId": "{{FunctionsHarness.PlatformId}}",
          "orderId": "{{orderId}}",
          "version": {{version}},
          "eventType": "{{eventType}}",
          "occurredAt": "2026-11-20T02:15:00Z",
          "buyer": { "id": "B-DE-1", "name": "Rheinland Technik GmbH", "country": "DE", "kind": "business" },
          "seller": { "id": "S-ZJ-1", "name": "Shaoxing Pumps", "country": "CN" },
          "currency": "EUR",
          "lines": [ { "sku": "PUMP-1", "hsCode": "841370", "quantity": 4, "unit": "pcs", "unitPrice": 312.5 } ],
          "fulfilment": { "warehouseCode": "DE-DUI-01", "incoterm": "DAP" }
        }
        """;

    private async Task<FunctionsHarness.Answer> PostAsync(string deliveryId, string json, string platformId = FunctionsHarness.PlatformId)
    {
        var request = _hub.SignedWebhook(deliveryId, json, platformId);
        var result = await _hub.Function<ReceiveOrderWebhook>().RunAsync(request, platformId, Ct);
        return await FunctionsHarness.AnswerAsync(request, result);
    }

    private async Task<FunctionsHarness.Answer> GetAsync(string orderId)
    {
        var request = _hub.Authorized("GET", $"/api/orders/{FunctionsHarness.PlatformId}/{orderId}");
        var result = await _hub.Function<GetOrder>().RunAsync(request, FunctionsHarness.PlatformId, orderId, Ct);
        return await FunctionsHarness.AnswerAsync(request, result);
    }

    private async Task ProjectEverythingPublishedAsync()
    {
        foreach (var (_, cloudEvent) in _hub.Bus.Published)
            await _hub.Function<ProjectOrder>().RunAsync(FunctionsHarness.Delivered(cloudEvent), Ct);
    }

    [Fact]
    public async Task an_order_id_with_a_slash_is_found_from_the_route_value_the_integration_hands_over()
    {
        Assert.Equal(202, (await PostAsync("msg-slash", Order("PO/2026/1"))).Status);
        await ProjectEverythingPublishedAsync();

        // ASP.NET Core leaves %2F encoded in a route value; with no raw request line to check, the endpoint reads it as '/'.
        var request = _hub.Authorized("GET", $"/api/orders/{FunctionsHarness.PlatformId}/PO%2F2026%2F1");
        var answer = await FunctionsHarness.AnswerAsync(request, await _hub.Function<GetOrder>().RunAsync(request, FunctionsHarness.PlatformId, "PO%2F2026%2F1", Ct));

        Assert.Equal(200, answer.Status);
        Assert.Equal("PO/2026/1", (string)answer.Json["orderId"]!);
    }

    [Fact]
    public async Task a_signed_webhook_is_accepted_and_its_order_event_published_on_the_orders_topic()
    {
        var answer = await PostAsync("msg-1", Order());

        Assert.Equal(202, answer.Status);
        Assert.False((bool)answer.Json["duplicate"]!);
        var (topic, published) = Assert.Single(_hub.Bus.Published);
        Assert.Equal(Topics.Orders, topic);
        Assert.Equal(OrderEventTypes.Received, published.Type);
        Assert.Equal((string?)answer.Json["ingestionId"], published.Id);
    }

    [Fact]
    public async Task a_redelivered_webhook_answers_200_with_the_first_ingestion_id_and_publishes_nothing_more()
    {
        var first = await PostAsync("msg-1", Order());
        var again = await PostAsync("msg-1", Order());

        Assert.Equal(200, again.Status);
        Assert.True((bool)again.Json["duplicate"]!);
        Assert.Equal((string?)first.Json["ingestionId"], (string?)again.Json["ingestionId"]);
        Assert.Single(_hub.Bus.Published);
    }

    [Fact]
    public async Task a_webhook_for_an_unknown_platform_is_404_problem_json()
    {
        var answer = await PostAsync("msg-1", Order(), platformId: "nobody");

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Empty(_hub.Bus.Published);
    }

    [Fact]
    public async Task a_webhook_while_the_bus_is_down_is_503_so_the_platform_retries()
    {
        _hub.Bus.Unavailable = true;

        var answer = await PostAsync("msg-1", Order());

        Assert.Equal(503, answer.Status);
    }

    [Fact]
    public async Task the_projected_order_is_served_by_get_order_with_its_customs_mode_and_totals()
    {
        await PostAsync("msg-1", Order());
        await ProjectEverythingPublishedAsync();

        var answer = await GetAsync("F-1001");

        Assert.Equal(200, answer.Status);
        Assert.Equal("F-1001", (string?)answer.Json["orderId"]);
        Assert.Equal(CustomsModes.B2BOverseasWarehouse, (string?)answer.Json["customsMode"]);
        Assert.Equal(1250m, (decimal)answer.Json["totals"]!["amount"]!);
        Assert.False(string.IsNullOrEmpty(answer.Headers.ETag));
    }

    [Fact]
    public async Task a_redelivered_message_changes_nothing()
    {
        await PostAsync("msg-1", Order());
        await ProjectEverythingPublishedAsync();
        var before = await GetAsync("F-1001");

        await _hub.Function<ProjectOrder>().RunAsync(FunctionsHarness.Delivered(_hub.Bus.Published[0].Event, deliveryCount: 2), Ct);

        var after = await GetAsync("F-1001");
        Assert.Equal(before.Headers.ETag.ToString(), after.Headers.ETag.ToString());
        Assert.Equal(before.Body, after.Body);
    }

    [Fact]
    public async Task list_orders_finds_the_projected_order_by_platform()
    {
        await PostAsync("msg-1", Order("F-1001"));
        await PostAsync("msg-2", Order("F-1002"));
        await ProjectEverythingPublishedAsync();

        var request = _hub.Authorized("GET", "/api/orders", $"?platformId={FunctionsHarness.PlatformId}");
        var answer = await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListOrders>().RunAsync(request, Ct));

        Assert.Equal(200, answer.Status);
        Assert.Equal(["F-1001", "F-1002"], answer.Json["items"]!.AsArray().Select(o => (string?)o!["orderId"]).Order());
    }

    [Fact]
    public async Task get_order_without_an_api_key_is_401()
    {
        var request = _hub.Request("GET", $"/api/orders/{FunctionsHarness.PlatformId}/F-1001");

        var answer = await FunctionsHarness.AnswerAsync(request,
            await _hub.Function<GetOrder>().RunAsync(request, FunctionsHarness.PlatformId, "F-1001", Ct));

        Assert.Equal(401, answer.Status);
    }

    [Fact]
    public async Task a_message_that_holds_no_cloud_event_throws_so_service_bus_retries_then_dead_letters_it()
    {
        var message = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: new BinaryData(Encoding.UTF8.GetBytes("not an event")), messageId: "m-1", sessionId: "x", contentType: "text/plain");

        await Assert.ThrowsAsync<FormatException>(() => _hub.Function<ProjectOrder>().RunAsync(message, Ct));
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
