using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Inbound;
using Hub.PartnerFeeds.Records;
using Hub.Testing.Events;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// <c>POST /api/partners/{partnerId}/events</c>: a signed push is mapped like a pull, published as <c>partner.record</c>
/// events with the same ids a pull would give, its misfits quarantined; a repeated delivery is answered as the first time.
/// </summary>
public sealed class when_a_partner_pushes_events : IAsyncDisposable
{
    private const string PartnerId = "be-ewtp";
    private static readonly string OldSecret = PartnerEventsClient.NewSecret();
    private static readonly string NewSecret = PartnerEventsClient.NewSecret();

    private readonly RecordingEventBus _bus = new();
    private readonly PushHub _hub;

    public when_a_partner_pushes_events()
    {
        var partner = new PartnerRegistration
        {
            Id = PartnerId,
            Name = "Belgium eWTP hub",
            BaseUrl = "https://be-ewtp.example",
            Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
            Signature = new SignatureSettings { Scheme = "standard-webhooks", Secrets = [OldSecret, NewSecret] },
            RecordTypes = new Dictionary<string, string> { ["parcel_event"] = PartnerRecordTypes.ShipmentStatus },
        };
        var silent = new PartnerRegistration { Id = "my-ewtp", BaseUrl = "https://my-ewtp.example", Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" } };
        _hub = new PushHub(new HubRegistry { Partners = [partner, silent] }, bus: _bus);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private PartnerEventsEndpoint Endpoint => _hub.Service<PartnerEventsEndpoint>();

    private static string Item(string id, string type, string data, string extra = "") =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"2026-12-08T09:30:00Z","data":{{data}}{{extra}}}""";

    private static readonly string Parcel = Item("rec-1", "parcel_event", """{"trackingNumber":"LX123456789BE","status":"in-transit","carrier":"bpost"}""", ""","hub":"LGG" """);
    private static readonly string Customs = Item("rec-2", "customs-clearance", """{"declarationNumber":"BE-2026-0001","status":"cleared"}""");
    private static readonly string NoTracking = Item("rec-3", "parcel_event", """{"status":"delivered"}""");
    private static readonly string UnknownType = Item("rec-4", "warehouse_temperature", """{"celsius":4}""");

    [Fact]
    public async Task a_signed_batch_is_accepted_its_records_published_and_its_misfits_quarantined()
    {
        var answer = await Endpoint.PostAsync(PartnerId, $$"""{"items":[{{Parcel}},{{Customs}},{{NoTracking}},{{UnknownType}}]}""", OldSecret, "msg_1");

        Assert.Equal(202, answer.Status);
        Assert.Equal("msg_1", answer.Json.GetProperty("deliveryId").GetString());
        Assert.False(answer.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, answer.Json.GetProperty("accepted").GetInt32());
        var quarantined = answer.Json.GetProperty("quarantined").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!, q => q.GetProperty("reason").GetString()!);
        Assert.Equal(["rec-3", "rec-4"], quarantined.Keys.Order());
        Assert.Contains("trackingNumber", quarantined["rec-3"]);
        Assert.Contains("warehouse_temperature", quarantined["rec-4"]);

        Assert.All(_bus.Published, p => Assert.Equal(Topics.PartnerFeeds, p.Topic));
        Assert.Equal([PartnerRecordData.IdFor(PartnerId, "rec-1"), PartnerRecordData.IdFor(PartnerId, "rec-2")], _bus.Published.Select(p => p.Event.Id));
        var parcel = Assert.IsType<PartnerRecordData>(_bus.Published[0].Event.Data);
        Assert.Equal((PartnerRecordTypes.ShipmentStatus, "LX123456789BE", (string?)null), (parcel.RecordType, parcel.Reference, parcel.Feed));
        Assert.Equal("LGG", parcel.Extra!["hub"].GetString());

        var (kept, _) = await _hub.Service<PartnerQuarantine>().ListAsync(PartnerId, null, 10, null, Ct);
        Assert.Equal(["rec-3", "rec-4"], kept.Select(q => q.RecordId));
        Assert.All(kept, q => Assert.Null(q.Feed));
        Assert.Equal("warehouse_temperature", kept[1].PartnerType);
    }

    [Fact]
    public async Task one_item_on_its_own_is_a_push_too()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, OldSecret, "msg_single");

        Assert.Equal(202, answer.Status);
        Assert.Equal(1, answer.Json.GetProperty("accepted").GetInt32());
        Assert.Equal([PartnerRecordData.IdFor(PartnerId, "rec-2")], _bus.Published.Select(p => p.Event.Id));
    }

    [Fact]
    public async Task a_push_signed_with_the_secret_being_rotated_in_verifies()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, NewSecret, "msg_rotated");

        Assert.Equal(202, answer.Status);
    }

    [Fact]
    public async Task a_repeated_delivery_gets_the_first_answer_and_publishes_nothing_more()
    {
        var body = $$"""{"items":[{{Parcel}},{{NoTracking}}]}""";
        var first = await Endpoint.PostAsync(PartnerId, body, OldSecret, "msg_again");

        var again = await Endpoint.PostAsync(PartnerId, body, NewSecret, "msg_again");

        Assert.Equal((202, 200), (first.Status, again.Status));
        Assert.True(again.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Json.GetProperty("accepted").GetInt32(), again.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(first.Json.GetProperty("quarantined").GetRawText(), again.Json.GetProperty("quarantined").GetRawText());
        Assert.Single(_bus.Published);
        Assert.Equal(1, (await _hub.Service<PartnerQuarantine>().GetAsync(PartnerId, "rec-3", Ct))!.Attempts);
    }

    [Fact]
    public async Task the_same_delivery_posted_many_times_at_once_is_accepted_once()
    {
        var body = $$"""{"items":[{{Parcel}},{{Customs}}]}""";

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Endpoint.PostAsync(PartnerId, body, OldSecret, "msg_burst"))));

        Assert.Single(answers, a => a.Status == 202);
        Assert.Equal(7, answers.Count(a => a.Status == 200 && a.Json.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(2, _bus.Published.Count);
    }

    [Fact]
    public async Task a_record_quarantined_before_leaves_the_quarantine_when_it_arrives_mapped()
    {
        await Endpoint.PostAsync(PartnerId, NoTracking, OldSecret, "msg_broken");
        var fixedItem = Item("rec-3", "parcel_event", """{"trackingNumber":"LX999","status":"delivered"}""");

        var answer = await Endpoint.PostAsync(PartnerId, fixedItem, OldSecret, "msg_fixed");

        Assert.Equal(202, answer.Status);
        Assert.Null(await _hub.Service<PartnerQuarantine>().GetAsync(PartnerId, "rec-3", Ct));
        Assert.Equal([PartnerRecordData.IdFor(PartnerId, "rec-3")], _bus.Published.Select(p => p.Event.Id));
    }

    [Fact]
    public async Task a_wrong_secret_is_refused_with_401_and_changes_nothing()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, PartnerEventsClient.NewSecret(), "msg_forged");

        Assert.Equal(401, answer.Status);
        Assert.Equal("no signature matches an active secret", answer.Detail);
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public async Task an_expired_signature_is_refused_with_401()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, OldSecret, "msg_old", signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(401, answer.Status);
        Assert.Contains("tolerance", answer.Detail);
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public async Task an_unsigned_push_is_refused_with_401()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, secret: null, "msg_unsigned");

        Assert.Equal(401, answer.Status);
        Assert.Equal("missing header webhook-id", answer.Detail);
    }

    [Fact]
    public async Task a_delivery_id_changed_after_signing_is_refused_with_401()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, OldSecret, "msg_tampered",
            tamper: headers => headers["webhook-id"] = "msg_other");

        Assert.Equal(401, answer.Status);
        Assert.Empty(_bus.Published);
    }

    [Theory]
    [InlineData("no-such-partner")]
    [InlineData("my-ewtp")]
    public async Task an_unknown_partner_or_one_without_signature_settings_is_404(string partnerId)
    {
        var answer = await Endpoint.PostAsync(partnerId, Customs, OldSecret, "msg_1");

        Assert.Equal(404, answer.Status);
        Assert.Contains(partnerId, answer.Detail);
        Assert.Empty(_bus.Published);
    }

    [Theory]
    [InlineData("{\"items\":", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"items\":{}}", "body")]
    [InlineData("{\"items\":[]}", "items")]
    public async Task a_body_that_is_not_items_is_400_with_the_field(string body, string field)
    {
        var answer = await Endpoint.PostAsync(PartnerId, body, OldSecret, "msg_bad");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal([field], answer.ErrorFields);
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public async Task more_than_a_thousand_items_is_400()
    {
        var body = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 1_001).Select(i => Item($"r-{i}", "listing", """{"listingId":"L","title":"t"}"""))) + "]}";

        var answer = await Endpoint.PostAsync(PartnerId, body, OldSecret, "msg_many");

        Assert.Equal(400, answer.Status);
        Assert.Contains("At most 1000 items", answer.Detail);
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_413()
    {
        var body = "{\"items\":[" + Item("big", "listing", $$"""{"listingId":"L","title":"{{new string('x', PartnerEventsEndpoint.MaxBodyBytes)}}"}""") + "]}";

        var answer = await Endpoint.PostAsync(PartnerId, body, OldSecret, "msg_big");

        Assert.Equal(413, answer.Status);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_415()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, OldSecret, "msg_text", contentType: "text/plain");

        Assert.Equal(415, answer.Status);
    }

    [Fact]
    public async Task with_the_bus_down_it_is_503_and_the_partners_retry_is_handled_afresh()
    {
        _bus.Unavailable = true;
        var down = await Endpoint.PostAsync(PartnerId, $$"""{"items":[{{Customs}}]}""", OldSecret, "msg_retry");
        _bus.Unavailable = false;

        var retry = await Endpoint.PostAsync(PartnerId, $$"""{"items":[{{Customs}}]}""", OldSecret, "msg_retry");

        Assert.Equal((503, 202), (down.Status, retry.Status));
        Assert.False(retry.Json.GetProperty("duplicate").GetBoolean());
        Assert.Single(_bus.Published);
    }

    [Fact]
    public async Task the_answer_is_camel_case_json()
    {
        var answer = await Endpoint.PostAsync(PartnerId, Customs, OldSecret, "msg_shape");

        Assert.StartsWith("application/json", answer.ContentType);
        Assert.Equal(["accepted", "deliveryId", "duplicate", "quarantined"], answer.Json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Array, answer.Json.GetProperty("quarantined").ValueKind);
    }
}
