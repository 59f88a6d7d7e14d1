using System.Globalization;
using System.Text.Json.Nodes;
using Hub.Contracts.Orders;
using Hub.Orders.Canonical;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests;

/// <summary>
/// Whatever the webhook accepts, the projection must apply: a quantity of 1e28 was acknowledged with a 202, then the
/// projection's totals overflowed decimal and the event was dead-lettered. Bounds are checked at the door instead.
/// </summary>
public sealed class when_a_number_is_out_of_bounds : IAsyncDisposable
{
    private const string Platform = "zj-industrial";
    private readonly OrderProjectionOnSqlite _projection = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _projection.DisposeAsync();

    [Theory]
    [InlineData("/lines/0/quantity", "1e28", "lines[0].quantity", "Must be at most 1000000000, not 1e28.")]
    [InlineData("/lines/0/quantity", "1000000000.000001", "lines[0].quantity", "Must be at most 1000000000, not 1000000000.000001.")]
    [InlineData("/lines/0/quantity", "1e400", "lines[0].quantity", "Must be at most 1000000000, not 1e400.")]
    [InlineData("/lines/0/quantity", "-1e400", "lines[0].quantity", "Must be at most 1000000000, not -1e400.")]
    [InlineData("/lines/0/quantity", "-0", "lines[0].quantity", "Must be greater than 0, not -0.")]
    [InlineData("/lines/0/quantity", "1e-30", "lines[0].quantity", "Must have at most 6 decimal places, not 1e-30.")]
    [InlineData("/lines/0/quantity", "0.0000001", "lines[0].quantity", "Must have at most 6 decimal places, not 0.0000001.")]
    [InlineData("/lines/0/quantity", "1.00000000000000000000000000001", "lines[0].quantity", "Must have at most 6 decimal places, not 1.00000000000000000000000000001.")]
    [InlineData("/lines/0/quantity", "\"NaN\"", "lines[0].quantity", "Must be a number, not the string \"NaN\".")]
    [InlineData("/lines/0/quantity", "\"Infinity\"", "lines[0].quantity", "Must be a number, not the string \"Infinity\".")]
    [InlineData("/lines/1/unitPrice", "1e13", "lines[1].unitPrice", "Must be at most 1000000000000, not 1e13.")]
    [InlineData("/lines/1/unitPrice", "1e-30", "lines[1].unitPrice", "Must have at most 6 decimal places, not 1e-30.")]
    [InlineData("/lines/1/unitPrice", "1e-9223372036854775808", "lines[1].unitPrice", "Must have at most 6 decimal places, not 1e-9223372036854775808.")]
    [InlineData("/version", "1e30", "version", "Must be at most 9007199254740991 (2^53 - 1), not 1e30.")]
    [InlineData("/version", "9007199254740992", "version", "Must be at most 9007199254740991 (2^53 - 1), not 9007199254740992.")]
    [InlineData("/version", "-3", "version", "Must be a whole number >= 0, not the number -3.")]
    [InlineData("/version", "2.5", "version", "Must be a whole number >= 0, not the number 2.5.")]
    [InlineData("/version", "1e400", "version", "Must be at most 9007199254740991 (2^53 - 1), not 1e400.")]
    [InlineData("/occurredAt", "\"0001-01-01T00:00:00Z\"", "occurredAt", "Must be in the years 2000 to 2099 (UTC), not the string \"0001-01-01T00:00:00Z\".")]
    [InlineData("/occurredAt", "\"1999-12-31T23:59:59Z\"", "occurredAt", "Must be in the years 2000 to 2099 (UTC), not the string \"1999-12-31T23:59:59Z\".")]
    [InlineData("/occurredAt", "\"9999-12-31T23:59:59Z\"", "occurredAt", "Must be in the years 2000 to 2099 (UTC), not the string \"9999-12-31T23:59:59Z\".")]
    [InlineData("/occurredAt", "\"0001-01-01T00:00:00+01:00\"", "occurredAt", "Must be an RFC 3339 date-time with an offset (2026-11-26T08:00:00Z), not the string \"0001-01-01T00:00:00+01:00\".")]
    public void it_is_refused_with_a_400_naming_the_field_and_the_bound(string pointer, string raw, string field, string message)
    {
        var fault = Refuse(Sample().ToUtf8With(pointer, raw));

        var only = Assert.Single(fault.Errors);
        Assert.Equal(field, only.Key);
        Assert.Equal([message], only.Value);
    }

    [Fact]
    public void a_line_amount_past_the_bound_is_refused_at_the_line()
    {
        var body = Sample().With("/lines/0/quantity", "1000000000").With("/lines/0/unitPrice", "1000000.5").ToUtf8();

        var fault = Refuse(body);

        Assert.Equal(["The line amount (quantity × unitPrice = 1000000500000000.0) must be at most 1000000000000000."], fault.Errors["lines[0]"]);
    }

    [Fact]
    public void two_lines_whose_amounts_add_past_the_bound_are_refused_at_lines()
    {
        var body = Sample()
            .With("/lines/0/quantity", "1000000").With("/lines/0/unitPrice", "600000000")
            .With("/lines/1/quantity", "1000000").With("/lines/1/unitPrice", "600000000").ToUtf8();

        var fault = Refuse(body);

        Assert.Equal(["lines"], fault.Errors.Keys);
        Assert.Contains("The order total (the sum of quantity × unitPrice = 1200000000000000) must be at most 1000000000000000.", fault.Errors["lines"]);
    }

    [Fact]
    public void dates_past_the_bounds_are_refused_in_every_date_field()
    {
        var body = Sample()
            .With("/version", null).With("/updatedAt", "\"2100-01-01T00:00:00Z\"")
            .With("/shipment", "{\"shippedAt\":\"1970-01-01T00:00:00Z\",\"deliveredAt\":\"3000-01-01T00:00:00+14:00\"}").ToUtf8();

        var fault = Refuse(body);

        Assert.Equal(["shipment.deliveredAt", "shipment.shippedAt", "updatedAt"], fault.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task the_largest_order_accepted_is_applied_by_the_projection_with_exact_totals()
    {
        var lines = new JsonArray();
        for (var i = 0; i < CanonicalOrderReader.MaxLines; i++)
            lines.Add(new JsonObject { ["sku"] = $"SKU-{i}", ["quantity"] = JsonValue.Create(0.000001m), ["unitPrice"] = JsonValue.Create(999_999_999_998.999999m) });
        lines[0] = new JsonObject { ["sku"] = "BIG", ["quantity"] = JsonValue.Create(998.999999m), ["unitPrice"] = JsonValue.Create(999_999_999_998.999999m) };
        var body = Sample();
        body["lines"] = lines;

        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Platform), body.ToUtf8(), "ord_largest", DateTimeOffset.UnixEpoch);
        Assert.Null(fault);
        var view = await _projection.ApplyAsync(cloudEvent!, Ct);

        var big = 998.999999m * 999_999_999_998.999999m;
        var small = 0.000001m * 999_999_999_998.999999m;
        Assert.True(big + small * (CanonicalOrderReader.MaxLines - 1) <= CanonicalOrderReader.MaxAmount);
        Assert.Equal(big + small * (CanonicalOrderReader.MaxLines - 1), view.Totals.Amount);
        Assert.Equal(998.999999m + 0.000001m * (CanonicalOrderReader.MaxLines - 1), view.Totals.Quantity);
        Assert.Equal(CanonicalOrderReader.MaxLines, view.Totals.LineCount);
    }

    [Theory]
    [InlineData("1000000000", "1000000")]
    [InlineData("0.000001", "1000000000000")]
    [InlineData("1e3", "0.5e1")]
    [InlineData("1.500000000", "0")]
    public async Task numbers_at_the_bounds_are_accepted_and_projected(string quantity, string unitPrice)
    {
        var body = Encoding(Sample().With("/lines", $"[{{\"sku\":\"EDGE\",\"quantity\":{quantity},\"unitPrice\":{unitPrice}}}]"));

        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Platform), body, "ord_edge", DateTimeOffset.UnixEpoch);
        Assert.Null(fault);
        var view = await _projection.ApplyAsync(cloudEvent!, Ct);

        Assert.Equal(
            decimal.Parse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture) * decimal.Parse(unitPrice, NumberStyles.Float, CultureInfo.InvariantCulture),
            view.Totals.Amount);
    }

    [Fact]
    public async Task over_http_a_quantity_of_1e28_answers_400_naming_the_field_and_publishes_nothing()
    {
        var hub = new WebhookHarness();
        var body = Sample().ToUtf8With("/lines/0/quantity", "1e28");
        var context = HttpExchange.Post(new MemoryStream(body), "application/json", body.Length, hub.SignedHeaders(Platform, "msg_1e28", body));

        var answer = await (await hub.Endpoint.HandleAsync(context.Request, Platform, Ct)).AnswerAsync(context);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(["lines[0].quantity"], answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty(hub.Bus.Published);
    }

    private static JsonObject Sample() => Seeds.WebhookBody("01-zj-order-received.json");

    private static byte[] Encoding(JsonObject body) => body.ToUtf8();

    private static WebhookOutcome.Invalid Refuse(byte[] body)
    {
        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(Seeds.Platform(Platform), body, "ord_test", DateTimeOffset.UnixEpoch);
        Assert.Null(cloudEvent);
        return Assert.IsType<WebhookOutcome.Invalid>(fault);
    }
}
