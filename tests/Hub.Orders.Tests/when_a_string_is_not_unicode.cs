using System.Text;
using System.Text.Json.Nodes;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests;

/// <summary>
/// <c>"\ud800"</c> is valid JSON syntax but not Unicode text: System.Text.Json throws on reading it. Wherever it is,
/// the answer is a 400 that names the field, never a 500.
/// </summary>
public sealed class when_a_string_is_not_unicode
{
    private const string Canonical = "zj-industrial";
    private const string Mapped = "nb-textiles";

    [Theory]
    [InlineData("/orderId", "\"R-\\ud800\"", "orderId")]
    [InlineData("/buyer/name", "\"Rheinland \\udfff GmbH\"", "buyer.name")]
    [InlineData("/lines/1/description", "\"\\ud83d\"", "lines[1].description")]
    [InlineData("/lines/0/sku", "\"\\udc00\\ud800\"", "lines[0].sku")]
    [InlineData("/currency", "\"\\uD800EUR\"", "currency")]
    [InlineData("/version", "\"\\ud800\"", "version")]
    [InlineData("/fulfilment/warehouseCode", "\"DE\\ud800\"", "fulfilment.warehouseCode")]
    [InlineData("/unknownField", "[\"\\ud800\"]", "unknownField[0]")]
    public void a_canonical_field_holding_half_a_surrogate_pair_is_named(string pointer, string raw, string field)
    {
        var fault = Normalise(Canonical, Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With(pointer, raw));

        var only = Assert.Single(fault.Errors);
        Assert.Equal(field, only.Key);
        Assert.StartsWith("Contains a \\u escape of half a UTF-16 surrogate pair", Assert.Single(only.Value));
    }

    [Theory]
    [InlineData("/order_no", "orderId", "(mapped from /order_no)")]
    [InlineData("/customer/company", "buyer.name", "(mapped from /customer/company)")]
    [InlineData("/goods/0/title", "lines[0].description", "(mapped from /goods/0/title)")]
    [InlineData("/status", "eventType", "(mapped from /status)")]
    public void a_mapped_field_is_named_at_its_canonical_path_and_its_source(string pointer, string field, string source)
    {
        var fault = Normalise(Mapped, Seeds.WebhookBody("06-nb-mapped-payload.json").ToUtf8With(pointer, "\"x\\ud800\""));

        var only = Assert.Single(fault.Errors);
        Assert.Equal(field, only.Key);
        Assert.EndsWith(source, Assert.Single(only.Value));
    }

    [Fact]
    public void a_field_the_mapping_does_not_read_is_named_by_its_pointer()
    {
        var fault = Normalise(Mapped, Seeds.WebhookBody("06-nb-mapped-payload.json").ToUtf8With("/memo", "\"\\ud800\""));

        Assert.Equal(["/memo"], fault.Errors.Keys);
    }

    [Fact]
    public void a_property_name_holding_one_is_reported_at_the_object_that_holds_it()
    {
        var body = Encoding.UTF8.GetString(Seeds.WebhookBody("01-zj-order-received.json").ToUtf8());
        var buyer = body.IndexOf("\"buyer\":{", StringComparison.Ordinal) + "\"buyer\":{".Length;

        var fault = Normalise(Canonical, Encoding.UTF8.GetBytes(body.Insert(buyer, "\"\\ud800\":1,")));

        Assert.Equal(["buyer"], fault.Errors.Keys);
    }

    [Fact]
    public void a_surrogate_pair_written_as_two_escapes_is_text_and_accepted()
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With("/buyer/name", "\"Rheinland \\ud83d\\ude9a GmbH\"");

        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Canonical), body, "ord_test", DateTimeOffset.UnixEpoch);

        Assert.Null(fault);
        Assert.Equal("Rheinland 🚚 GmbH", Assert.IsType<Hub.Contracts.Orders.OrderEventData>(cloudEvent!.Data).Order.Buyer.Name);
    }

    [Fact]
    public async Task over_http_it_answers_400_problem_json_naming_the_field_and_publishes_nothing()
    {
        var hub = new WebhookHarness();
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With("/seller/name", "\"\\ud800\"");
        var context = HttpExchange.Post(new MemoryStream(body), "application/json", body.Length, hub.SignedHeaders(Canonical, "msg_surrogate", body));

        var answer = await (await hub.Endpoint.HandleAsync(context.Request, Canonical, TestContext.Current.CancellationToken)).AnswerAsync(context);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(["seller.name"], answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty(hub.Bus.Published);
    }

    private static WebhookOutcome.Invalid Normalise(string platformId, byte[] body)
    {
        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(platformId), body, "ord_test", DateTimeOffset.UnixEpoch);
        Assert.Null(cloudEvent);
        return Assert.IsType<WebhookOutcome.Invalid>(fault);
    }
}
