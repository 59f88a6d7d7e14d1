using System.Net;
using System.Text.Json.Nodes;
using Hub.Contracts.Http;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// The real Standalone serves the OpenAPI document over HTTP, and real answers have the shape it describes (the
/// Functions tests hold the document to the routes and records; here it meets what goes over the wire).
/// </summary>
public sealed class when_a_client_reads_the_openapi_document(StandaloneFixture fixture) : IClassFixture<StandaloneFixture>
{
    private OrderWebhookClient Client => fixture.Client;
    private static JsonObject Schemas => JsonNode.Parse(HttpContract.OpenApiJson.Span)!["components"]!["schemas"]!.AsObject();

    [Fact]
    public async Task get_api_openapi_json_answers_the_document_without_a_key()
    {
        using var response = await Client.GetAsync("/api/openapi.json", apiKey: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpContract.OpenApiJson.ToArray(), body);
        Assert.Equal("3.1.0", (string?)JsonNode.Parse(body)!["openapi"]);
    }

    [Fact]
    public async Task a_webhook_answer_and_the_order_it_leaves_have_the_documented_fields()
    {
        using var accepted = await Client.PostAsync(OrderWebhookClient.Order("E2E-OPENAPI", 1), "msg_e2e_openapi");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        AssertShape("WebhookAnswer", JsonNode.Parse(await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject());

        await Client.WaitForOrderAsync("zj-industrial", "E2E-OPENAPI");
        using var order = await Client.GetAsync("/api/orders/zj-industrial/E2E-OPENAPI");
        var json = JsonNode.Parse(await order.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        AssertShape("Order", json);
        AssertShape("OrderParty", json["buyer"]!.AsObject());
        AssertShape("OrderLine", json["lines"]![0]!.AsObject());
        AssertShape("OrderTotals", json["totals"]!.AsObject());
        AssertShape("OrderHistoryEntry", json["history"]![0]!.AsObject());
    }

    [Fact]
    public async Task a_problem_has_the_documented_fields_and_its_errors_map()
    {
        using var response = await Client.GetAsync("/api/orders?pageSize=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        AssertShape("Problem", problem);
        Assert.NotNull(problem["errors"]!["pageSize"]);
    }

    /// <summary>Every field of the answer is a documented property, and every required one is there.</summary>
    private static void AssertShape(string schema, JsonObject answer)
    {
        var definition = Schemas[schema]!.AsObject();
        var properties = definition["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        var additional = (bool?)definition["additionalProperties"] ?? true;

        if (!additional) Assert.All(answer.Select(p => p.Key), key => Assert.True(properties.Contains(key), $"{schema} does not document '{key}'"));
        Assert.All((definition["required"]?.AsArray() ?? []).Select(r => (string)r!), key => Assert.True(answer.ContainsKey(key), $"{schema} requires '{key}'"));
    }
}
