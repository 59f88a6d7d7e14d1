using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Registration;

namespace Hub.Matchmaking.Tests.Registration;

public sealed class when_an_expo_is_declared
{
    private static JsonObject Valid() => JsonNode.Parse(RegistrationHost.ExpoJson())!.AsObject();

    private static (Expo? Expo, IDictionary<string, string[]> Errors) Read(JsonNode body, string expoId = "gdte-2026")
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(body.ToJsonString());
        var expo = ExpoDeclaration.Read(expoId, document.RootElement, errors);
        return (expo, errors.ToDictionary());
    }

    private static string OnlyError(JsonNode body, string path, string expoId = "gdte-2026")
    {
        var (expo, errors) = Read(body, expoId);
        Assert.Null(expo);
        Assert.Equal([path], errors.Keys);
        return Assert.Single(errors[path]);
    }

    [Fact]
    public void a_valid_declaration_becomes_the_expo_with_its_days_slots_and_defaults()
    {
        var body = Valid();
        body.Remove("exhibitorMaxMeetings");
        body.Remove("buyerMaxMeetings");

        var (expo, errors) = Read(body);

        Assert.Empty(errors);
        Assert.NotNull(expo);
        Assert.Equal("gdte-2026", expo.ExpoId);
        Assert.Equal("广交会 2026 Test Expo", expo.Name);
        Assert.Equal("Asia/Shanghai", expo.TimeZone);
        Assert.Equal([new ExpoDay(new(2026, 5, 20), new(9, 0), new(17, 0)), new ExpoDay(new(2026, 5, 21), new(9, 0), new(12, 0))], expo.Days);
        Assert.Equal((20, 40), (expo.SlotMinutes, expo.Tables));
        Assert.Equal((Expo.DefaultExhibitorMaxMeetings, Expo.DefaultBuyerMaxMeetings), (expo.ExhibitorMaxMeetings, expo.BuyerMaxMeetings));
        Assert.Null(expo.Weights);
        Assert.Equal(24 + 9, new SlotGrid(expo).Count);
    }

    [Fact]
    public void weights_left_out_keep_their_defaults_and_those_sent_replace_them()
    {
        var body = Valid();
        body["weights"] = new JsonObject { ["request"] = 80, ["keywords"] = 0 };

        var (expo, _) = Read(body);

        Assert.Equal(ScoreWeights.Default with { Request = 80, Keywords = 0 }, expo!.Weights);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("China Standard Time")]
    [InlineData("")]
    public void a_time_zone_that_is_not_an_iana_zone_is_refused(string zone)
    {
        var body = Valid();
        body["timeZone"] = zone;

        Assert.Equal("timeZone", Assert.Single(Read(body).Errors.Keys));
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("UTC")]
    public void iana_zones_are_taken(string zone)
    {
        var body = Valid();
        body["timeZone"] = zone;

        Assert.Empty(Read(body).Errors);
    }

    [Fact]
    public void an_empty_name_is_refused()
    {
        var body = Valid();
        body["name"] = "  ";

        Assert.Equal("Must not be empty.", OnlyError(body, "name"));
    }

    [Fact]
    public void no_days_or_more_than_31_are_refused()
    {
        var body = Valid();
        body["days"] = new JsonArray();
        Assert.Contains("1 to 31 days, not 0", OnlyError(body, "days"));

        var days = new JsonArray();
        for (var d = 0; d < 32; d++)
            days.Add(new JsonObject { ["date"] = new DateOnly(2026, 5, 1).AddDays(d).ToString("yyyy-MM-dd"), ["opens"] = "09:00", ["closes"] = "17:00" });
        body["days"] = days;
        Assert.Contains("not 32", OnlyError(body, "days"));
    }

    [Fact]
    public void days_out_of_order_or_twice_are_refused_at_the_later_day()
    {
        var body = Valid();
        body["days"]![1]!["date"] = "2026-05-19";
        Assert.Contains("comes after 2026-05-20", OnlyError(body, "days[1].date"));

        body["days"]![1]!["date"] = "2026-05-20";
        Assert.Contains("declared twice", OnlyError(body, "days[1].date"));
    }

    [Fact]
    public void a_day_that_closes_before_it_opens_or_holds_no_whole_slot_is_refused()
    {
        var body = Valid();
        body["days"]![0]!["closes"] = "09:00";
        Assert.Contains("must be after opens", OnlyError(body, "days[0].closes"));

        body["days"]![0]!["closes"] = "09:19";
        Assert.Contains("holds no whole slot of 20 minutes", OnlyError(body, "days[0].closes"));

        body["days"]![0]!["closes"] = "09:20";
        Assert.Empty(Read(body).Errors);
    }

    [Theory]
    [InlineData("date", "20.05.2026")]
    [InlineData("date", "2026-02-30")]
    [InlineData("opens", "9am")]
    [InlineData("opens", "25:00")]
    [InlineData("closes", "17:00:30")]
    public void a_malformed_date_or_time_is_refused(string field, string value)
    {
        var body = Valid();
        body["days"]![0]![field] = value;

        Assert.Equal([$"days[0].{field}"], Read(body).Errors.Keys);
    }

    [Fact]
    public void times_as_answers_write_them_are_taken_so_a_read_expo_can_be_sent_back() =>
        Assert.Empty(Read(JsonNode.Parse(RegistrationHost.ExpoJson().Replace("\"09:00\"", "\"09:00:00\""))!).Errors);

    [Theory]
    [InlineData("slotMinutes", 4)]
    [InlineData("slotMinutes", 241)]
    [InlineData("tables", 0)]
    [InlineData("tables", 10_001)]
    [InlineData("exhibitorMaxMeetings", 0)]
    [InlineData("buyerMaxMeetings", 201)]
    public void numbers_outside_their_range_are_refused(string field, int value)
    {
        var body = Valid();
        body[field] = value;

        Assert.Contains($"not {value}", OnlyError(body, field));
    }

    [Theory]
    [InlineData("slotMinutes", 5)]
    [InlineData("slotMinutes", 240)]
    [InlineData("tables", 10_000)]
    [InlineData("buyerMaxMeetings", 200)]
    public void numbers_at_the_ends_of_their_range_are_taken(string field, int value)
    {
        var body = Valid();
        body[field] = value;
        if (field == "slotMinutes") body["days"]![1]!["closes"] = "17:00";

        Assert.Empty(Read(body).Errors);
    }

    [Fact]
    public void a_negative_or_unknown_weight_is_refused()
    {
        var body = Valid();
        body["weights"] = new JsonObject { ["market"] = -1, ["luck"] = 5 };

        var errors = Read(body).Errors;

        Assert.Equal(["weights.luck", "weights.market"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void an_unknown_field_or_another_expo_id_is_refused()
    {
        var body = Valid();
        body["tabels"] = 3;
        body["expoId"] = "other";

        Assert.Equal(["expoId", "tabels"], Read(body).Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(" gdte")]
    [InlineData("gdte\u202E2026")]
    public void an_expo_id_that_is_not_printable_text_or_addressable_is_refused(string expoId) =>
        Assert.Equal("expoId", Assert.Single(Read(Valid(), expoId).Errors.Keys));

    [Fact]
    public void every_fault_is_named_at_once()
    {
        var body = new JsonObject { ["days"] = new JsonArray(new JsonObject { ["date"] = "x" }) };

        var errors = Read(body).Errors;

        Assert.Equal(["days[0].closes", "days[0].date", "days[0].opens", "name", "slotMinutes", "tables", "timeZone"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
