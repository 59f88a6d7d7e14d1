using System.Text.Json.Nodes;
using Hub.Core.Validation;
using Hub.Orders.Canonical;
using Hub.Orders.Tests.Support;

namespace Hub.Orders.Tests;

public sealed class when_an_order_is_invalid
{
    [Fact]
    public void every_fault_is_listed_at_once_with_its_path()
    {
        var body = Sample()
            .With("/platformId", "\"hz-machinery\"")
            .With("/orderId", null)
            .With("/version", null)
            .With("/currency", "\"EUX\"")
            .With("/buyer/country", "\"XX\"")
            .With("/buyer/kind", "\"wholesale\"")
            .With("/seller", null)
            .With("/lines/0/quantity", "-5")
            .With("/lines/0/hsCode", "\"84-13\"")
            .With("/lines/1/quantity", "0")
            .With("/lines/1/unitPrice", "-8.9")
            .With("/fulfilment/incoterm", "\"FOB Shanghai\"");

        var (order, errors) = Read(body);

        Assert.Null(order);
        Assert.Equal(
            ["buyer.country", "buyer.kind", "currency", "fulfilment.incoterm", "lines[0].hsCode", "lines[0].quantity",
             "lines[1].quantity", "lines[1].unitPrice", "orderId", "platformId", "seller", "version"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Must be greater than 0, not -5."], errors["lines[0].quantity"]);
        Assert.Equal(["Must be greater than 0, not 0."], errors["lines[1].quantity"]);
    }

    [Theory]
    [InlineData("/orderId", null, "orderId", "Required.")]
    [InlineData("/orderId", "\"\"", "orderId", "Must not be empty.")]
    [InlineData("/orderId", "1001", "orderId", "Must be a string, not the number 1001.")]
    [InlineData("/buyer", null, "buyer", "Required.")]
    [InlineData("/buyer", "\"B-DE-2231\"", "buyer", "Must be an object, not the string \"B-DE-2231\".")]
    [InlineData("/seller", null, "seller", "Required.")]
    [InlineData("/buyer/id", null, "buyer.id", "Required.")]
    [InlineData("/lines", null, "lines", "Required: at least one order line.")]
    [InlineData("/lines", "[]", "lines", "At least one order line is required.")]
    [InlineData("/lines", "{}", "lines", "Must be an array, not an object.")]
    [InlineData("/lines/0", "\"PUMP\"", "lines[0]", "Must be an object, not the string \"PUMP\".")]
    [InlineData("/lines/0/sku", null, "lines[0].sku", "Required.")]
    [InlineData("/lines/0/quantity", "-5", "lines[0].quantity", "Must be greater than 0, not -5.")]
    [InlineData("/lines/0/quantity", "0", "lines[0].quantity", "Must be greater than 0, not 0.")]
    [InlineData("/lines/0/quantity", "\"40\"", "lines[0].quantity", "Must be a number, not the string \"40\".")]
    [InlineData("/lines/0/quantity", null, "lines[0].quantity", "Required.")]
    [InlineData("/lines/1/unitPrice", "-8.9", "lines[1].unitPrice", "Must be 0 or more, not -8.9.")]
    [InlineData("/lines/1/unitPrice", "true", "lines[1].unitPrice", "Must be a number, not a boolean.")]
    [InlineData("/lines/0/hsCode", "\"84137\"", "lines[0].hsCode", "'84137' is not an HS code (6 to 10 digits).")]
    [InlineData("/lines/0/hsCode", "\"84137A\"", "lines[0].hsCode", "'84137A' is not an HS code (6 to 10 digits).")]
    [InlineData("/lines/0/hsCode", "\"84137000001\"", "lines[0].hsCode", "'84137000001' is not an HS code (6 to 10 digits).")]
    [InlineData("/currency", "\"EUX\"", "currency", "'EUX' is not an ISO 4217 currency code.")]
    [InlineData("/currency", "\"eur\"", "currency", "'eur' is not an ISO 4217 currency code.")]
    [InlineData("/buyer/country", "\"XX\"", "buyer.country", "'XX' is not an ISO 3166-1 alpha-2 country code.")]
    [InlineData("/seller/country", "\"XX\"", "seller.country", "'XX' is not an ISO 3166-1 alpha-2 country code.")]
    [InlineData("/buyer/country", null, "buyer.country", "Required.")]
    [InlineData("/buyer/kind", "\"wholesale\"", "buyer.kind", "'wholesale' is not 'business' or 'consumer'.")]
    [InlineData("/seller/kind", "\"consumer\"", "seller.kind", "A seller is a business.")]
    [InlineData("/fulfilment/incoterm", "\"FOB Shanghai\"", "fulfilment.incoterm", "'FOB Shanghai' is not an Incoterms 2020 rule (EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF).")]
    [InlineData("/fulfilment/bondedWarehouse", "\"yes\"", "fulfilment.bondedWarehouse", "Must be true or false, not the string \"yes\".")]
    [InlineData("/fulfilment", "[]", "fulfilment", "Must be an object, not an array.")]
    [InlineData("/version", null, "version", "Either 'version' or 'updatedAt' is required, to order the order's events.")]
    [InlineData("/version", "\"1\"", "version", "Must be a whole number >= 0, not the string \"1\".")]
    [InlineData("/version", "-1", "version", "Must be a whole number >= 0, not the number -1.")]
    [InlineData("/version", "1.5", "version", "Must be a whole number >= 0, not the number 1.5.")]
    [InlineData("/eventType", "\"paid\"", "eventType", "'paid' is not one of received, updated, cancelled, shipped, delivered.")]
    [InlineData("/eventType", null, "eventType", "Required.")]
    [InlineData("/occurredAt", "\"20 Nov 2026\"", "occurredAt", "Must be an RFC 3339 date-time with an offset (2026-11-26T08:00:00Z), not the string \"20 Nov 2026\".")]
    [InlineData("/occurredAt", "1795140900", "occurredAt", "Must be an RFC 3339 date-time with an offset (2026-11-26T08:00:00Z), not the number 1795140900.")]
    [InlineData("/platformId", "\"hz-machinery\"", "platformId", "The body names platform 'hz-machinery' but was posted to platform 'zj-industrial'.")]
    public void the_fault_is_reported_at_its_path(string pointer, string? json, string path, string message)
    {
        var (order, errors) = Read(Sample().With(pointer, json));

        Assert.Null(order);
        var only = Assert.Single(errors);
        Assert.Equal(path, only.Key);
        Assert.Equal([message], only.Value);
    }

    [Theory]
    [InlineData("2026-11-20T02:15:00")]
    [InlineData("2026-11-20")]
    public void a_timestamp_without_an_offset_is_refused_rather_than_read_in_the_hosts_time_zone(string timestamp)
    {
        var (order, errors) = Read(Sample().With("/occurredAt", $"\"{timestamp}\""));

        Assert.Null(order);
        Assert.StartsWith("Must be an RFC 3339 date-time with an offset", Assert.Single(errors["occurredAt"]));
    }

    [Fact]
    public void an_unreadable_updatedAt_is_reported_under_updatedAt()
    {
        var (order, errors) = Read(Sample().With("/version", null).With("/updatedAt", "\"yesterday\""));

        Assert.Null(order);
        Assert.Equal(["updatedAt"], errors.Keys);
    }

    [Fact]
    public void an_order_that_is_not_an_object_is_a_fault_at_the_root()
    {
        var (order, errors) = Read(new JsonArray());

        Assert.Null(order);
        Assert.Equal(["The order must be a JSON object, not an array."], errors["$"]);
    }

    [Fact]
    public void more_lines_than_the_limit_are_refused()
    {
        var lines = new JsonArray();
        for (var i = 0; i <= CanonicalOrderReader.MaxLines; i++)
            lines.Add(new JsonObject { ["sku"] = $"SKU-{i}", ["quantity"] = 1, ["unitPrice"] = 1 });
        var body = Sample();
        body["lines"] = lines;

        var (_, errors) = Read(body);

        Assert.Equal([$"At most {CanonicalOrderReader.MaxLines} lines are accepted; got {CanonicalOrderReader.MaxLines + 1}."], errors["lines"]);
    }

    private static JsonObject Sample() => Seeds.WebhookBody("01-zj-order-received.json");

    private static (object? Order, IDictionary<string, string[]> Errors) Read(JsonNode body)
    {
        var errors = new ValidationErrors();
        var order = CanonicalOrderReader.Read(body.ToElement(), "zj-industrial", errors);
        return (order, errors.ToDictionary());
    }
}
