using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests;

/// <summary>
/// Ids become keys and CloudEvent subjects: a control character made the CloudEvents SDK throw (a 500), and invisible
/// characters would make two orders of ids that read alike. They are refused, field by field, with the character named.
/// </summary>
public sealed class when_an_id_is_not_printable
{
    private const string Platform = "zj-industrial";

    public static TheoryData<string, string> Ids => new()
    {
        { "/orderId", "orderId" },
        { "/buyer/id", "buyer.id" },
        { "/seller/id", "seller.id" },
        { "/lines/0/sku", "lines[0].sku" },
        { "/fulfilment/warehouseCode", "fulfilment.warehouseCode" },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { "R-2\\u0001", "U+0001 (a control character)" },
        { "R-2\\u0000", "U+0000 (a control character)" },
        { "R-2\\u001f", "U+001F (a control character)" },
        { "R-2\\u007f", "U+007F (a control character)" },
        { "R-\\u00852", "U+0085 (a control character)" },
        { "R-\\t2", "U+0009 (a control character)" },
        { "R-2\\uffff", "U+FFFF (a noncharacter)" },
        { "R-2\\ufffe", "U+FFFE (a noncharacter)" },
        { "R-2\\ufdd0", "U+FDD0 (a noncharacter)" },
        { "R-\\u202e2", "U+202E (an invisible format character)" },
        { "R-\\u20662", "U+2066 (an invisible format character)" },
        { "R\\u200b-2", "U+200B (an invisible format character)" },
        { "\\ufeffR-2", "U+FEFF (an invisible format character)" },
        { "R-\\u00ad2", "U+00AD (an invisible format character)" },
        { "R-\\u20282", "U+2028 (a line or paragraph separator)" },
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void each_id_refuses_a_control_character_naming_the_field(string pointer, string field)
    {
        var fault = Refuse(pointer, "R-2\\u0001");

        Assert.Equal([field], fault.Errors.Keys);
        Assert.Equal(["Contains U+0001 (a control character) at position 4; ids must be printable text."], fault.Errors[field]);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void an_order_id_with_an_unprintable_character_is_refused_naming_it(string escaped, string named)
    {
        var fault = Refuse("/orderId", escaped);

        Assert.Contains(named, Assert.Single(fault.Errors["orderId"]));
    }

    [Theory]
    [InlineData(" R-2")]
    [InlineData("R-2 ")]
    [InlineData("R-2\\u00a0")]
    [InlineData("\\u3000R-2")]
    public void white_space_at_either_end_is_refused(string escaped)
    {
        var fault = Refuse("/orderId", escaped);

        Assert.Equal(["Must not start or end with white space."], fault.Errors["orderId"]);
    }

    [Theory]
    [InlineData("订单-2026-001", "订单-2026-001")]
    [InlineData("R 2 / A", "R 2 / A")]
    [InlineData("R-\\ud83d\\ude80", "R-🚀")]
    [InlineData("Zürich-Ø-1", "Zürich-Ø-1")]
    [InlineData("عربي-1", "عربي-1")]
    public void printable_text_in_any_script_is_accepted_as_it_is(string escaped, string orderId)
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With("/orderId", $"\"{escaped}\"");

        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Platform), body, "ord_test", DateTimeOffset.UnixEpoch);

        Assert.Null(fault);
        Assert.Equal($"{Platform}/{orderId}", cloudEvent!.Subject);
    }

    [Fact]
    public async Task over_http_the_reported_order_id_answers_400_naming_orderId_and_publishes_nothing()
    {
        var hub = new WebhookHarness();
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With("/orderId", "\"R-2\\u0001\"");
        var context = HttpExchange.Post(new MemoryStream(body), "application/json", body.Length, hub.SignedHeaders(Platform, "msg_control", body));

        var answer = await (await hub.Endpoint.HandleAsync(context.Request, Platform, TestContext.Current.CancellationToken)).AnswerAsync(context);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(["orderId"], answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty(hub.Bus.Published);
    }

    private static WebhookOutcome.Invalid Refuse(string pointer, string escaped)
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8With(pointer, $"\"{escaped}\"");
        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Platform), body, "ord_test", DateTimeOffset.UnixEpoch);
        Assert.Null(cloudEvent);
        return Assert.IsType<WebhookOutcome.Invalid>(fault);
    }
}
