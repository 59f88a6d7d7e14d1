using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.EndToEnd.Tests;

/// <summary>Each fault gets its status and a problem+json naming it, and nothing reaches the read store.</summary>
public sealed class when_a_webhook_is_bad(StandaloneFixture fixture) : IClassFixture<StandaloneFixture>
{
    private OrderWebhookClient Client => fixture.Client;

    private static JsonObject With(Action<JsonObject> change)
    {
        var order = OrderWebhookClient.Order("BAD-1", 1);
        change(order);
        return order;
    }

    public static TheoryData<string, string, string> InvalidOrders => new()
    {
        // case, JSON body, field the problem must name
        { "wrong type", With(o => o["version"] = "seven").ToJsonString(), "version" },
        { "missing field", With(o => o.Remove("buyer")).ToJsonString(), "buyer" },
        { "negative quantity", With(o => o["lines"]![0]!["quantity"] = -3).ToJsonString(), "lines[0].quantity" },
        { "unknown currency", With(o => o["currency"] = "EUX").ToJsonString(), "currency" },
        { "unknown country", With(o => o["seller"]!["country"] = "XX").ToJsonString(), "seller.country" },
        { "malformed JSON", "{\"orderId\": \"BAD-1\",", "$" },
        { "unpaired surrogate escape", Raw(With(o => o["buyer"]!["name"] = "RAW"), "\"Rheinland \\ud800\""), "buyer.name" },
        { "control character in an id", With(o => o["lines"]![0]!["sku"] = "PUMP-1\u0001").ToJsonString(), "lines[0].sku" },
        { "bidi override in an id", With(o => o["orderId"] = "BAD-\u202E1").ToJsonString(), "orderId" },
        { "quantity of 1e28", Raw(With(o => o["lines"]![0]!["quantity"] = "RAW"), "1e28"), "lines[0].quantity" },
        { "price below a millionth", Raw(With(o => o["lines"]![0]!["unitPrice"] = "RAW"), "1e-30"), "lines[0].unitPrice" },
        { "lines adding past the total", With(o => o["lines"] = new JsonArray(
            new JsonObject { ["sku"] = "A", ["quantity"] = 1_000_000, ["unitPrice"] = 600_000_000 },
            new JsonObject { ["sku"] = "B", ["quantity"] = 1_000_000, ["unitPrice"] = 600_000_000 })).ToJsonString(), "lines" },
        { "version past 2^53", Raw(With(o => o["version"] = "RAW"), "9007199254740993"), "version" },
        { "date far in the future", With(o => o["occurredAt"] = "9999-12-31T23:59:59Z").ToJsonString(), "occurredAt" },
    };

    // Raw JSON where no JsonNode can hold the value (an unpaired surrogate) or would rewrite it (1e28).
    private static string Raw(JsonObject order, string rawValue) => order.ToJsonString().Replace("\"RAW\"", rawValue, StringComparison.Ordinal);

    [Fact]
    public async Task an_unpaired_surrogate_in_a_mapped_payload_is_400_naming_the_field_and_its_source()
    {
        var body = File.ReadAllText(Path.Combine(Hub.Testing.RepositoryPaths.Seeds, "webhooks", "06-nb-mapped-payload.json"));
        var payload = JsonNode.Parse(body)!["body"]!.ToJsonString().Replace("\"Kyoto Apparel KK\"", "\"Kyoto \\udc00\"", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(Encoding.UTF8.GetBytes(payload), "bad-mapped-surrogate", platformId: "nb-textiles");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "buyer.name");
        Assert.EndsWith("(mapped from /customer/company)", problem.GetProperty("errors").GetProperty("buyer.name")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task an_invalid_order_is_400_naming_the_field(string @case, string json, string field)
    {
        using var response = await Client.PostRawAsync(Encoding.UTF8.GetBytes(json), "bad-" + @case.Replace(' ', '-'));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/orders/zj-industrial/BAD-1")).StatusCode);
    }

    [Fact]
    public async Task every_fault_of_one_order_is_listed_at_once()
    {
        var order = With(o => { o["currency"] = "EUX"; o["lines"]![0]!["quantity"] = 0; o["buyer"]!["country"] = "ZZ"; });
        using var response = await Client.PostAsync(order, "bad-many");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "currency");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _));
        Assert.True(errors.TryGetProperty("buyer.country", out _));
    }

    [Fact]
    public async Task invalid_utf8_is_400()
    {
        var bytes = Encoding.UTF8.GetBytes(With(_ => { }).ToJsonString().Replace("Rheinland", "Rhein\u0001land"));
        var at = Array.IndexOf(bytes, (byte)1);
        bytes[at] = 0xC3; // a lead byte with no continuation: not UTF-8
        using var response = await Client.PostRawAsync(bytes, "bad-utf8");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "$");
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task a_body_over_1_MiB_is_413()
    {
        var big = Encoding.UTF8.GetBytes(With(o => o["padding"] = new string('x', 1024 * 1024)).ToJsonString());
        using var response = await Client.PostRawAsync(big, "bad-big");
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, null);
    }

    [Fact]
    public async Task a_wrong_content_type_is_415()
    {
        using var response = await Client.PostRawAsync(Encoding.UTF8.GetBytes("orderId=1"), "bad-type", contentType: "application/x-www-form-urlencoded");
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, null);
    }

    [Fact]
    public async Task an_unknown_platform_is_404()
    {
        using var response = await Client.PostRawAsync(Encoding.UTF8.GetBytes("{}"), "bad-platform", platformId: "no-such-platform");
        await AssertProblem(response, HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task an_expired_signature_is_401()
    {
        using var response = await Client.PostRawAsync(Encoding.UTF8.GetBytes(With(_ => { }).ToJsonString()), "bad-old", signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized, null);
        Assert.Contains("tolerance", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_key_of_another_platform_is_403_on_the_query_routes()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync(OrderWebhookClient.Order("SCOPE-1", 1), "scope-1")).StatusCode);
        await Client.WaitForOrderAsync("zj-industrial", "SCOPE-1");

        await AssertProblem(await Client.GetAsync("/api/orders/zj-industrial/SCOPE-1", "sample-hz-machinery-key"), HttpStatusCode.Forbidden, null);
        await AssertProblem(await Client.GetAsync("/api/orders?platformId=zj-industrial", "sample-hz-machinery-key"), HttpStatusCode.Forbidden, null);
        await AssertProblem(await Client.GetAsync("/api/orders/zj-industrial/SCOPE-1", apiKey: null), HttpStatusCode.Unauthorized, null);
        await AssertProblem(await Client.GetAsync("/api/orders/zj-industrial/SCOPE-1", "not-a-key"), HttpStatusCode.Unauthorized, null);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/orders/zj-industrial/SCOPE-1", "sample-zj-industrial-key")).StatusCode);
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {body}");
        return problem;
    }
}
