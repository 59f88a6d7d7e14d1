using Hub.Contracts;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;

namespace Hub.Orders.Tests;

public sealed class when_a_webhook_is_handled
{
    private const string Platform = "zj-industrial";
    private const string DeliveryId = "msg_zj_1001_v1";
    private static readonly string ExpectedId = OrderWebhookNormaliser.IngestionIdFor(Platform, DeliveryId);

    private readonly WebhookHarness _hub = new();
    private readonly byte[] _body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_accepted_order_publishes_exactly_one_event_on_the_orders_topic()
    {
        var outcome = await _hub.Handler.HandleAsync(_hub.Signed(Platform, DeliveryId, _body), Ct);

        Assert.Equal(new WebhookOutcome.Accepted(ExpectedId), outcome);
        var (topic, cloudEvent) = Assert.Single(_hub.Bus.Published);
        Assert.Equal(Topics.Orders, topic);
        Assert.Equal(ExpectedId, cloudEvent.Id);
        Assert.Equal("hub.orders.order.received.v1", cloudEvent.Type);
        Assert.Equal("zj-industrial/ZJ-1001", cloudEvent.Subject);
        Assert.Equal(ExpectedId, _hub.Deliveries.Records[(OrderWebhookHandler.DeliveryScope, ExpectedId)]);
    }

    [Fact]
    public async Task a_second_delivery_with_the_same_id_is_a_duplicate_with_the_first_ingestion_id()
    {
        await _hub.Handler.HandleAsync(_hub.Signed(Platform, DeliveryId, _body), Ct);
        _hub.Time.Advance(TimeSpan.FromMinutes(2));

        var outcome = await _hub.Handler.HandleAsync(_hub.Signed(Platform, DeliveryId, _body), Ct);

        Assert.Equal(new WebhookOutcome.Duplicate(ExpectedId), outcome);
        Assert.Single(_hub.Bus.Published);
    }

    [Fact]
    public async Task the_same_delivery_id_from_another_platform_is_another_order()
    {
        var hzBody = Seeds.WebhookBody("05-hz-consumer-export.json").ToUtf8();

        var first = await _hub.Handler.HandleAsync(_hub.Signed(Platform, "42", _body), Ct);
        var second = await _hub.Handler.HandleAsync(_hub.Signed("hz-machinery", "42", hzBody), Ct);

        var a = Assert.IsType<WebhookOutcome.Accepted>(first);
        var b = Assert.IsType<WebhookOutcome.Accepted>(second);
        Assert.NotEqual(a.IngestionId, b.IngestionId);
        Assert.Equal(2, _hub.Bus.Published.Count);
    }

    [Fact]
    public async Task when_the_bus_is_unavailable_nothing_is_recorded_and_a_retry_is_accepted()
    {
        _hub.Bus.Unavailable = true;

        var refused = await _hub.Handler.HandleAsync(_hub.Signed(Platform, DeliveryId, _body), Ct);

        Assert.IsType<WebhookOutcome.BusUnavailable>(refused);
        Assert.Empty(_hub.Bus.Published);
        Assert.Empty(_hub.Deliveries.Records);

        _hub.Bus.Unavailable = false;
        _hub.Time.Advance(TimeSpan.FromSeconds(30));
        var retried = await _hub.Handler.HandleAsync(_hub.Signed(Platform, DeliveryId, _body), Ct);

        Assert.Equal(new WebhookOutcome.Accepted(ExpectedId), retried);
        Assert.Single(_hub.Bus.Published);
    }

    [Fact]
    public async Task a_body_changed_after_signing_is_rejected_and_publishes_nothing()
    {
        var signed = _hub.Signed(Platform, DeliveryId, _body);
        var tampered = Seeds.WebhookBody("01-zj-order-received.json").With("/lines/0/quantity", "4000").ToUtf8();

        var outcome = await _hub.Handler.HandleAsync(signed with { Body = tampered }, Ct);

        Assert.IsType<WebhookOutcome.SignatureRejected>(outcome);
        Assert.Empty(_hub.Bus.Published);
        Assert.Empty(_hub.Deliveries.Records);
    }

    [Fact]
    public async Task a_delivery_without_signature_headers_is_rejected()
    {
        var outcome = await _hub.Handler.HandleAsync(new WebhookDelivery(Platform, new Microsoft.AspNetCore.Http.HeaderDictionary(), _body), Ct);

        Assert.IsType<WebhookOutcome.SignatureRejected>(outcome);
    }

    [Fact]
    public async Task a_signature_older_than_the_tolerance_is_rejected()
    {
        var signed = _hub.Signed(Platform, DeliveryId, _body);
        _hub.Time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await _hub.Handler.HandleAsync(signed, Ct);

        Assert.IsType<WebhookOutcome.SignatureRejected>(outcome);
        Assert.Empty(_hub.Bus.Published);
    }

    [Fact]
    public async Task an_unknown_platform_is_reported_as_unknown()
    {
        var outcome = await _hub.Handler.HandleAsync(new WebhookDelivery("no-such-platform", new Microsoft.AspNetCore.Http.HeaderDictionary(), _body), Ct);

        Assert.Equal(new WebhookOutcome.UnknownPlatform("no-such-platform"), outcome);
    }

    [Fact]
    public async Task an_invalid_order_lists_its_faults_and_records_nothing()
    {
        var body = Seeds.WebhookBody("08-zj-invalid-order.json").ToUtf8();

        var outcome = await _hub.Handler.HandleAsync(_hub.Signed(Platform, "msg_zj_bad_1", body), Ct);

        var invalid = Assert.IsType<WebhookOutcome.Invalid>(outcome);
        Assert.Equal(3, invalid.Errors.Count);
        Assert.Empty(_hub.Bus.Published);
        Assert.Empty(_hub.Deliveries.Records);
    }

    [Fact]
    public async Task every_signature_scheme_in_the_seed_registry_is_accepted()
    {
        var samples = new[] { "01-zj-order-received.json", "05-hz-consumer-export.json", "06-nb-mapped-payload.json", "07-wz-bonded-import.json" };

        foreach (var sample in samples)
        {
            var webhook = Seeds.Webhook(sample);
            var platform = webhook["platformId"]!.GetValue<string>();
            var deliveryId = webhook["deliveryId"]!.GetValue<string>();

            var outcome = await _hub.Handler.HandleAsync(_hub.Signed(platform, deliveryId, webhook["body"]!.ToUtf8()), Ct);

            Assert.Equal(new WebhookOutcome.Accepted(OrderWebhookNormaliser.IngestionIdFor(platform, deliveryId)), outcome);
        }
        Assert.Equal(samples.Length, _hub.Bus.Published.Count);
    }
}
