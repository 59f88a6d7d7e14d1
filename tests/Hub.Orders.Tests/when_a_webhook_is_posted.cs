using System.Text;
using System.Text.Json;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests;

public sealed class when_a_webhook_is_posted
{
    private const string Platform = "zj-industrial";
    private const string DeliveryId = "msg_zj_1001_v1";
    private const string ProblemJson = "application/problem+json";

    private readonly WebhookHarness _hub = new();
    private readonly byte[] _body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_accepted_order_answers_202_with_its_ingestion_id()
    {
        var answer = await PostAsync(Platform, _body, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType);
        var json = answer.Json;
        Assert.Equal(
            ["duplicate", "ingestionId"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(OrderWebhookNormaliser.IngestionIdFor(Platform, DeliveryId), json.GetProperty("ingestionId").GetString());
        Assert.False(json.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task a_repeated_delivery_answers_200_with_the_same_ingestion_id_as_a_duplicate()
    {
        var first = await PostAsync(Platform, _body, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));
        var again = await PostAsync(Platform, _body, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));

        Assert.Equal(StatusCodes.Status200OK, again.Status);
        Assert.Equal(first.Json.GetProperty("ingestionId").GetString(), again.Json.GetProperty("ingestionId").GetString());
        Assert.True(again.Json.GetProperty("duplicate").GetBoolean());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData(null)]
    public async Task a_body_that_is_not_utf8_json_answers_415(string? contentType)
    {
        var answer = await PostAsync(Platform, _body, contentType, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
        Assert.Empty(_hub.Bus.Published);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/cloudevents+json")]
    public async Task json_media_types_with_utf8_are_accepted(string contentType)
    {
        var answer = await PostAsync(Platform, _body, contentType, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
    }

    [Fact]
    public async Task a_declared_length_over_1_MiB_answers_413_without_reading_the_body()
    {
        var context = HttpExchange.Post(new UnreadableStream(), "application/json", OrderWebhookEndpoint.MaxBodyBytes + 1);

        var answer = await (await _hub.Endpoint.HandleAsync(context.Request, Platform, Ct)).AnswerAsync(context);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
    }

    [Fact]
    public async Task a_chunked_body_over_1_MiB_answers_413()
    {
        var body = Padded(_body, OrderWebhookEndpoint.MaxBodyBytes + 1);

        var answer = await PostAsync(Platform, body, declareLength: false, headers: _hub.SignedHeaders(Platform, DeliveryId, body));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answer.Status);
        Assert.Empty(_hub.Bus.Published);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_body_of_exactly_1_MiB_is_accepted(bool declareLength)
    {
        var body = Padded(_body, OrderWebhookEndpoint.MaxBodyBytes);

        var answer = await PostAsync(Platform, body, declareLength: declareLength, headers: _hub.SignedHeaders(Platform, DeliveryId, body));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
    }

    [Fact]
    public async Task an_unknown_platform_answers_404()
    {
        var answer = await PostAsync("no-such-platform", _body);

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
        Assert.Contains("no-such-platform", answer.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task an_invalid_order_answers_400_with_every_fault_in_the_errors_map()
    {
        var body = Seeds.WebhookBody("08-zj-invalid-order.json").ToUtf8();

        var answer = await PostAsync(Platform, body, headers: _hub.SignedHeaders(Platform, "msg_zj_bad_1", body));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
        var problem = answer.Json;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.Equal(
            ["buyer.country", "currency", "lines[0].quantity"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Must be greater than 0, not -5.", errors.GetProperty("lines[0].quantity")[0].GetString());
        Assert.Equal("'EUX' is not an ISO 4217 currency code.", errors.GetProperty("currency")[0].GetString());
    }

    [Fact]
    public async Task malformed_json_answers_400_with_the_fault_at_the_root()
    {
        var body = Encoding.UTF8.GetBytes("{\"orderId\": ");

        var answer = await PostAsync(Platform, body, headers: _hub.SignedHeaders(Platform, DeliveryId, body));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(JsonValueKind.Array, answer.Json.GetProperty("errors").GetProperty("$").ValueKind);
    }

    [Fact]
    public async Task a_bad_signature_answers_401()
    {
        var headers = _hub.SignedHeaders(Platform, DeliveryId, Encoding.UTF8.GetBytes("{}"));

        var answer = await PostAsync(Platform, _body, headers: headers);

        Assert.Equal(StatusCodes.Status401Unauthorized, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
    }

    [Fact]
    public async Task an_unavailable_bus_answers_503()
    {
        _hub.Bus.Unavailable = true;

        var answer = await PostAsync(Platform, _body, headers: _hub.SignedHeaders(Platform, DeliveryId, _body));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
    }

    private async Task<Answer> PostAsync(string platformId, byte[] body, string? contentType = "application/json", bool declareLength = true, IHeaderDictionary? headers = null)
    {
        var context = HttpExchange.Post(new MemoryStream(body), contentType, declareLength ? body.Length : null, headers);
        var result = await _hub.Endpoint.HandleAsync(context.Request, platformId, Ct);
        return await result.AnswerAsync(context);
    }

    /// <summary>The JSON followed by spaces up to <paramref name="length"/> bytes: still the same, valid order.</summary>
    private static byte[] Padded(byte[] json, int length)
    {
        var padded = new byte[length];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }
}
