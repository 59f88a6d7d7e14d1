using System.Net;
using System.Text.Json;

namespace Hub.EndToEnd.Tests;

public sealed class when_a_platform_sends_order_webhooks(StandaloneFixture fixture) : IClassFixture<StandaloneFixture>
{
    private OrderWebhookClient Client => fixture.Client;

    [Fact]
    public async Task a_signed_webhook_is_accepted_and_the_order_becomes_queryable()
    {
        using var response = await Client.PostAsync(OrderWebhookClient.Order("E2E-1", 1), "msg_e2e_1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await OrderWebhookClient.JsonOf(response);
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        var ingestionId = answer.GetProperty("ingestionId").GetString();

        var order = await Client.WaitForOrderAsync("zj-industrial", "E2E-1");
        Assert.Equal("received", order.GetProperty("status").GetString());
        Assert.Equal("9810", order.GetProperty("customsMode").GetString());
        Assert.Equal(402.0m, order.GetProperty("totals").GetProperty("amount").GetDecimal());
        Assert.Equal(ingestionId, order.GetProperty("history")[0].GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task a_redelivery_answers_200_with_the_first_ingestion_id()
    {
        using var first = await Client.PostAsync(OrderWebhookClient.Order("E2E-2", 1), "msg_e2e_2");
        using var again = await Client.PostAsync(OrderWebhookClient.Order("E2E-2", 1), "msg_e2e_2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var a = await OrderWebhookClient.JsonOf(first);
        var b = await OrderWebhookClient.JsonOf(again);
        Assert.True(b.GetProperty("duplicate").GetBoolean());
        Assert.Equal(a.GetProperty("ingestionId").GetString(), b.GetProperty("ingestionId").GetString());
    }

    [Fact]
    public async Task one_hundred_concurrent_deliveries_of_one_webhook_give_exactly_one_202()
    {
        var body = OrderWebhookClient.Order("E2E-CONC", 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Client.PostAsync(body, "msg_e2e_concurrent")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(99, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await OrderWebhookClient.JsonOf(r)).GetProperty("ingestionId").GetString()));
        Assert.Single(ids.Distinct());
        var order = await Client.WaitForOrderAsync("zj-industrial", "E2E-CONC");
        Assert.Equal(1, order.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task a_stale_version_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync(OrderWebhookClient.Order("E2E-3", 3, "shipped"), "msg_e2e_3_v3")).StatusCode);
        await Client.WaitForOrderAsync("zj-industrial", "E2E-3", version: 3);
        var stale = OrderWebhookClient.Order("E2E-3", 2, "cancelled");
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync(stale, "msg_e2e_3_v2")).StatusCode);
        // Events of one order are handled in order, so once v5 shows, v2 has been handled before it.
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync(OrderWebhookClient.Order("E2E-3", 5, "delivered"), "msg_e2e_3_v5")).StatusCode);

        var order = await Client.WaitForOrderAsync("zj-industrial", "E2E-3", version: 5);
        Assert.Equal("delivered", order.GetProperty("status").GetString());
        Assert.Equal([3L, 5L], order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task orders_can_be_listed_with_filters_and_pages()
    {
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync(OrderWebhookClient.Order($"E2E-LIST-{i}", 1, "received", "hz-machinery"), $"list-{i}", "hz-machinery")).StatusCode);
        await Client.WaitForOrderAsync("hz-machinery", "E2E-LIST-4");
        await Client.WaitForOrderAsync("hz-machinery", "E2E-LIST-0");

        var seen = new List<string>();
        string? token = null;
        do
        {
            var url = "/api/orders?platformId=hz-machinery&destination=DE&pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            using var response = await Client.GetAsync(url, "sample-hz-machinery-key");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await OrderWebhookClient.JsonOf(response);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!));
            token = page.GetProperty("continuationToken").ValueKind == JsonValueKind.Null ? null : page.GetProperty("continuationToken").GetString();
        } while (token is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"E2E-LIST-{i}"), seen.Where(s => s.StartsWith("E2E-LIST-")).Order());
    }

    [Fact]
    public async Task the_logs_carry_the_cloud_event_id_from_webhook_to_projection()
    {
        using var response = await Client.PostAsync(OrderWebhookClient.Order("E2E-LOG", 1), "msg_e2e_log");
        var ingestionId = (await OrderWebhookClient.JsonOf(response)).GetProperty("ingestionId").GetString()!;
        await Client.WaitForOrderAsync("zj-industrial", "E2E-LOG");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !fixture.Host.Output.Contains($"Projected {ingestionId}", StringComparison.Ordinal))
            await Task.Delay(50, TestContext.Current.CancellationToken);

        var lines = fixture.Host.Output.Split('\n').Where(l => l.Contains(ingestionId, StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains($"Accepted order webhook {ingestionId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Projected {ingestionId} into order zj-industrial/E2E-LOG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task replaying_an_unknown_dead_letter_is_404()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/dead-letters/42.read-store/replay");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OrderWebhookClient.AdminKey);
        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task health_answers_and_dead_letters_need_an_admin_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/health", apiKey: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/health/ready", apiKey: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/admin/dead-letters", apiKey: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/api/admin/dead-letters", "sample-reader-key")).StatusCode);
        using var list = await Client.GetAsync("/api/admin/dead-letters");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await OrderWebhookClient.JsonOf(list)).GetProperty("items").ValueKind);
    }
}
