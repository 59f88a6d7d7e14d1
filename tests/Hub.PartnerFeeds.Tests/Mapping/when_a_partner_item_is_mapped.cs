using System.Text.Json;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Mapping;

namespace Hub.PartnerFeeds.Tests.Mapping;

/// <summary>
/// <see cref="PartnerRecordMapper"/>: what a partner item becomes, a record or a quarantine reason that names the field,
/// through the registry's type names and field pointers, and the same answer every time.
/// </summary>
public sealed class when_a_partner_item_is_mapped
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    private static readonly PartnerRegistration Partner = new()
    {
        Id = "be-ewtp",
        BaseUrl = "https://be-ewtp.example",
        Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
        RecordTypes = new Dictionary<string, string>
        {
            ["parcel_event"] = PartnerRecordTypes.ShipmentStatus,
            ["douane"] = PartnerRecordTypes.CustomsClearance,
            ["mistake"] = "not-a-hub-type",
        },
        Fields = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [PartnerRecordTypes.CustomsClearance] = new Dictionary<string, string>
            {
                ["declarationNumber"] = "/declaration/no",
                ["port"] = "/route/ports/0",
                ["status"] = "/a~1b",
            },
        },
    };

    private static PartnerRecordMapping Map(string json, string? feed = "feed-1", PartnerRegistration? partner = null)
    {
        using var document = JsonDocument.Parse(json);
        return PartnerRecordMapper.Map(partner ?? Partner, document.RootElement, feed, ReceivedAt);
    }

    private static PartnerRecordData Mapped(string json, string? feed = "feed-1") => Assert.IsType<PartnerRecordMapping.Mapped>(Map(json, feed)).Record;

    private static PartnerRecordMapping.Quarantined Quarantined(string json) => Assert.IsType<PartnerRecordMapping.Quarantined>(Map(json));

    private static string Item(string type, string data, string id = "r-1", string occurredAt = "2026-12-08T09:30:00Z") =>
        $$"""{"id": "{{id}}", "type": "{{type}}", "occurredAt": "{{occurredAt}}", "data": {{data}}}""";

    public static TheoryData<string, string, string, string> ValidItems => new()
    {
        { "shipment-status", """{"trackingNumber": "MY123", "status": "in-transit", "orderId": "PO-1", "carrier": "Pos Laju", "location": "KUL"}""", "MY123", "orderId" },
        { "customs-clearance", """{"declaration": {"no": "DEC-1"}, "a/b": "cleared", "orderId": "PO-1", "customsMode": "9610", "route": {"ports": ["LGG"]}}""", "DEC-1", "port" },
        { "listing", """{"listingId": "L-7", "title": "Tea set", "sku": "TEA-1", "hsCode": "691200", "price": 12.50, "currency": "EUR"}""", "L-7", "price" },
        { "demand-signal", """{"hsCode": "0902", "country": "BE", "keywords": "green tea", "quantity": 400}""", "0902", "quantity" },
    };

    [Theory]
    [MemberData(nameof(ValidItems))]
    public void each_hub_type_maps_with_its_reference_and_fields(string type, string data, string reference, string optionalField)
    {
        var record = Mapped(Item(type, data));

        Assert.Equal(type, record.RecordType);
        Assert.Equal(type, record.PartnerType);
        Assert.Equal(reference, record.Reference);
        Assert.Equal(reference, record.Fields[PartnerRecordMapper.Shapes[type].ReferenceField]);
        Assert.True(record.Fields.ContainsKey(optionalField), string.Join(", ", record.Fields.Keys));
        Assert.Equal("be-ewtp", record.PartnerId);
        Assert.Equal("feed-1", record.Feed);
        Assert.Equal("r-1", record.RecordId);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 30, 0, TimeSpan.Zero), record.OccurredAt);
        Assert.Equal(ReceivedAt, record.ReceivedAt);
    }

    public static TheoryData<string, string, string> MissingRequired => new()
    {
        { "shipment-status", """{"status": "in-transit"}""", "data/trackingNumber (trackingNumber): required" },
        { "shipment-status", """{"trackingNumber": "MY123"}""", "data/status (status): required" },
        { "shipment-status", """{"trackingNumber": "   ", "status": "x"}""", "data/trackingNumber (trackingNumber): required" },
        { "customs-clearance", """{"a/b": "cleared"}""", "data/declaration/no (declarationNumber): required" },
        { "customs-clearance", """{"declaration": {"no": "DEC-1"}}""", "data/a~1b (status): required" },
        { "listing", """{"title": "Tea set"}""", "data/listingId (listingId): required" },
        { "demand-signal", """{"hsCode": "0902"}""", "data/country (country): required" },
        { "demand-signal", """{"country": "BE", "hsCode": null}""", "data/hsCode (hsCode): required" },
    };

    [Theory]
    [MemberData(nameof(MissingRequired))]
    public void a_missing_required_field_quarantines_the_item_naming_the_field(string type, string data, string reason)
    {
        var quarantined = Quarantined(Item(type, data));

        Assert.Equal("r-1", quarantined.RecordId);
        Assert.Equal(type, quarantined.PartnerType);
        Assert.Contains(reason, quarantined.Reason);
    }

    [Fact]
    public void every_fault_of_an_item_is_named_at_once()
    {
        var quarantined = Quarantined(Item("shipment-status", """{"carrier": {"name": "Pos"}}"""));

        Assert.Contains("trackingNumber", quarantined.Reason);
        Assert.Contains("(status): required", quarantined.Reason);
        Assert.Contains("(carrier): must be a string, a number or a boolean", quarantined.Reason);
    }

    [Fact]
    public void a_partners_type_name_maps_through_the_registry()
    {
        var record = Mapped(Item("parcel_event", """{"trackingNumber": "MY123", "status": "delivered"}"""));

        Assert.Equal(PartnerRecordTypes.ShipmentStatus, record.RecordType);
        Assert.Equal("parcel_event", record.PartnerType);
    }

    [Fact]
    public void a_registry_pointer_reads_nested_escaped_and_indexed_fields()
    {
        var record = Mapped(Item("douane", """{"declaration": {"no": "DEC-1"}, "a/b": "held", "route": {"ports": ["LGG", "ANR"]}}"""));

        Assert.Equal(PartnerRecordTypes.CustomsClearance, record.RecordType);
        Assert.Equal("DEC-1", record.Reference);
        Assert.Equal("held", record.Fields["status"]);
        Assert.Equal("LGG", record.Fields["port"]);
    }

    [Fact]
    public void a_registry_pointer_that_is_not_a_json_pointer_quarantines_with_that_reason()
    {
        var partner = Partner with
        {
            Fields = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [PartnerRecordTypes.Listing] = new Dictionary<string, string> { ["title"] = "title" },
            },
        };

        var quarantined = Assert.IsType<PartnerRecordMapping.Quarantined>(Map(Item("listing", """{"listingId": "L-7", "title": "Tea set"}"""), partner: partner));

        Assert.Contains("title: the registry's pointer 'title' is not a JSON Pointer", quarantined.Reason);
    }

    [Theory]
    [InlineData("warehouse-slot")]
    [InlineData("mistake")]
    [InlineData("Shipment-Status")]
    public void an_unknown_type_is_quarantined_with_its_id_and_type_not_dropped(string type)
    {
        var quarantined = Quarantined(Item(type, """{"trackingNumber": "MY123", "status": "x"}"""));

        Assert.Equal("r-1", quarantined.RecordId);
        Assert.Equal(type, quarantined.PartnerType);
        Assert.Contains($"'{type}' is not a record type the hub knows", quarantined.Reason);
        Assert.Contains("recordTypes", quarantined.Reason);
    }

    [Fact]
    public void an_item_without_a_type_is_quarantined_under_its_id()
    {
        var quarantined = Quarantined("""{"id": "r-1", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""");

        Assert.Equal("r-1", quarantined.RecordId);
        Assert.Null(quarantined.PartnerType);
        Assert.StartsWith("type: required", quarantined.Reason);
    }

    [Theory]
    [InlineData("[1, 2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("42", "number")]
    [InlineData("null", "null")]
    public void an_item_that_is_not_an_object_is_quarantined_under_a_hash_of_its_bytes(string json, string kind)
    {
        var quarantined = Quarantined(json);

        Assert.StartsWith("malformed-", quarantined.RecordId);
        Assert.Equal("malformed-".Length + 64, quarantined.RecordId.Length);
        Assert.Contains($"a JSON {kind}, not an object", quarantined.Reason);
        Assert.Equal(quarantined.RecordId, Quarantined(json).RecordId);
    }

    [Theory]
    [InlineData("""{"type": "listing", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""")]
    [InlineData("""{"id": "", "type": "listing", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""")]
    [InlineData("""{"id": 17, "type": "listing", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""")]
    [InlineData("""{"id": " r-1", "type": "listing", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""")]
    [InlineData("""{"id": "r\u00001", "type": "listing", "occurredAt": "2026-12-08T09:30:00Z", "data": {}}""")]
    public void an_item_without_a_usable_id_is_quarantined_as_malformed_keeping_its_type(string json)
    {
        var quarantined = Quarantined(json);

        Assert.StartsWith("malformed-", quarantined.RecordId);
        Assert.Equal("listing", quarantined.PartnerType);
        Assert.StartsWith("id: ", quarantined.Reason);
    }

    [Fact]
    public void two_different_malformed_items_get_different_ids()
    {
        Assert.NotEqual(Quarantined("[1]").RecordId, Quarantined("[2]").RecordId);
    }

    [Theory]
    [InlineData("2026-12-08T09:30:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("2026-13-08T09:30:00Z")]
    public void a_bad_occurred_at_is_quarantined_under_the_items_id(string occurredAt)
    {
        var quarantined = Quarantined(Item("listing", """{"listingId": "L-7", "title": "Tea"}""", occurredAt: occurredAt));

        Assert.Equal("r-1", quarantined.RecordId);
        Assert.StartsWith("occurredAt: required, an RFC 3339 date-time with an offset", quarantined.Reason);
    }

    [Fact]
    public void an_occurred_at_that_is_not_a_string_is_quarantined()
    {
        var quarantined = Quarantined("""{"id": "r-1", "type": "listing", "occurredAt": 1765186200, "data": {"listingId": "L-7", "title": "Tea"}}""");

        Assert.StartsWith("occurredAt:", quarantined.Reason);
    }

    [Fact]
    public void an_offset_is_kept_as_the_instant_the_partner_said()
    {
        var record = Mapped(Item("demand-signal", """{"hsCode": "0902", "country": "MY"}""", occurredAt: "2026-12-08T17:30:00+08:00"));

        Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 30, 0, TimeSpan.Zero), record.OccurredAt.ToUniversalTime());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"tracking MY123\"")]
    [InlineData("null")]
    public void data_that_is_not_an_object_is_quarantined(string data)
    {
        var quarantined = Quarantined(Item("shipment-status", data));

        Assert.Equal("r-1", quarantined.RecordId);
        Assert.Equal("data: required, a JSON object", quarantined.Reason);
    }

    [Fact]
    public void an_item_without_data_is_quarantined()
    {
        Assert.Equal("data: required, a JSON object", Quarantined("""{"id": "r-1", "type": "listing", "occurredAt": "2026-12-08T09:30:00Z"}""").Reason);
    }

    [Fact]
    public void unknown_fields_are_kept_in_data_and_extra_and_the_protocol_fields_are_not_extra()
    {
        var record = Mapped("""
            {"id": "r-1", "type": "shipment-status", "occurredAt": "2026-12-08T09:30:00Z",
             "data": {"trackingNumber": "MY123", "status": "x", "weightKg": 1.25, "parcel": {"pieces": 2}},
             "hub": "KUL", "sequence": 7, "links": {"self": "/r-1"}}
            """);

        Assert.Equal(1.25m, record.Data.GetProperty("weightKg").GetDecimal());
        Assert.Equal(2, record.Data.GetProperty("parcel").GetProperty("pieces").GetInt32());
        Assert.Equal(["hub", "links", "sequence"], record.Extra!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/r-1", record.Extra["links"].GetProperty("self").GetString());
        Assert.DoesNotContain("weightKg", record.Fields.Keys);
    }

    [Fact]
    public void an_item_with_only_protocol_fields_has_no_extra()
    {
        Assert.Null(Mapped(Item("demand-signal", """{"hsCode": "0902", "country": "MY"}""")).Extra);
    }

    [Fact]
    public void numbers_and_booleans_are_read_as_written_and_strings_trimmed()
    {
        var record = Mapped(Item("demand-signal", """{"hsCode": "  0902 ", "country": "MY", "quantity": 1.50, "keywords": true}"""));

        Assert.Equal("0902", record.Reference);
        Assert.Equal("1.50", record.Fields["quantity"]);
        Assert.Equal("true", record.Fields["keywords"]);
    }

    [Theory]
    [InlineData("my")]
    [InlineData("XX")]
    [InlineData("Malaysia")]
    public void a_demand_signal_country_must_be_an_iso_code(string country)
    {
        var quarantined = Quarantined(Item("demand-signal", $$"""{"hsCode": "0902", "country": "{{country}}"}"""));

        Assert.Contains($"country: '{country}' is not an ISO 3166-1 alpha-2 code", quarantined.Reason);
    }

    [Fact]
    public void a_reference_too_long_for_a_partition_key_or_unprintable_is_quarantined()
    {
        var tooLong = Quarantined(Item("shipment-status", $$"""{"trackingNumber": "{{new string('9', PartnerRecordMapper.MaxReferenceLength + 1)}}", "status": "x"}"""));
        var unprintable = Quarantined(Item("shipment-status", """{"trackingNumber": "MY\u200B123", "status": "x"}"""));

        Assert.Contains($"trackingNumber: longer than {PartnerRecordMapper.MaxReferenceLength} characters", tooLong.Reason);
        Assert.Contains("trackingNumber: Contains U+200B", unprintable.Reason);
    }

    [Fact]
    public void a_field_longer_than_the_limit_is_quarantined()
    {
        var quarantined = Quarantined(Item("shipment-status", $$"""{"trackingNumber": "MY123", "status": "x", "location": "{{new string('a', PartnerRecordMapper.MaxFieldLength + 1)}}"}"""));

        Assert.Contains($"data/location: longer than {PartnerRecordMapper.MaxFieldLength} characters", quarantined.Reason);
    }

    [Fact]
    public void a_pushed_item_has_no_feed()
    {
        Assert.Null(Mapped(Item("demand-signal", """{"hsCode": "0902", "country": "MY"}"""), feed: null).Feed);
    }

    [Fact]
    public void the_same_item_maps_to_the_same_record_every_time()
    {
        const string item = """{"id": "r-1", "type": "parcel_event", "occurredAt": "2026-12-08T09:30:00Z", "data": {"trackingNumber": "MY123", "status": "x"}, "hub": "KUL"}""";

        var first = JsonSerializer.Serialize(Mapped(item), PartnerFeedsJsonContext.Default.PartnerRecordData);
        var second = JsonSerializer.Serialize(Mapped(item), PartnerFeedsJsonContext.Default.PartnerRecordData);

        Assert.Equal(first, second);
        Assert.Equal(Quarantined("""{"id": "r-1", "type": "nope"}""").Reason, Quarantined("""{"id": "r-1", "type": "nope"}""").Reason);
    }
}
