using System.Text.Json;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Registration;

namespace Hub.Matchmaking.Tests.Registration;

/// <summary>Every registration rule, on JSON records, checked against an expo and the participants already registered.</summary>
public sealed class when_participant_records_are_checked
{
    public static readonly Expo Expo = new("gdte-2026", "GDTE", "Asia/Shanghai",
        [new ExpoDay(new(2026, 5, 20), new(9, 0), new(17, 0)), new ExpoDay(new(2026, 5, 21), new(10, 0), new(12, 0))], 20, 40);

    private static readonly Dictionary<string, ParticipantKind> Registered = new()
    {
        ["ex-1"] = ParticipantKind.Exhibitor,
        ["ex-2"] = ParticipantKind.Exhibitor,
        ["buyer-9"] = ParticipantKind.Buyer,
    };

    public static (List<Participant> Participants, IDictionary<string, string[]> Errors) Check(string json, ParticipantKind kind)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var records = ParticipantJsonReader.Read(document.RootElement, kind, errors);
        var participants = ParticipantValidator.Validate(Expo, kind, records, Registered, JsonRecordPaths.Instance, errors);
        return (participants, errors.ToDictionary());
    }

    private static string OnlyError(string json, ParticipantKind kind, string path)
    {
        var errors = Check(json, kind).Errors;
        Assert.True(errors.Keys.SequenceEqual([path]), $"Expected only {path}; got {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        return Assert.Single(errors[path]);
    }

    private static string Buyer(string extra = "") =>
        $$"""[{"id":"b-1","company":"Müller Import GmbH","country":"DE"{{extra}}}]""";

    private static string Exhibitor(string extra = "") =>
        $$"""[{"id":"ex-10","company":"宁波精密机械有限公司","country":"CN"{{extra}}}]""";

    [Fact]
    public void a_full_buyer_becomes_a_participant_with_every_field()
    {
        var (participants, errors) = Check("""
            [{"id":"b-1","company":"Müller Import GmbH","country":"DE","categories":["8471"],"keywords":"CNC 数控机床 lathes",
              "targetMarkets":["DE","AT"],"languages":["de","en"],"certifications":["ISO 9001"],"maxMeetings":6,
              "availability":[{"day":"2026-05-20","from":"09:00","to":"12:00"},"2026-05-21 10:00-12:00"],
              "interests":["847130","8458"],"requiredCertifications":["CE"],"requests":["ex-2","ex-1"],"blocked":[]}]
            """, ParticipantKind.Buyer);

        Assert.Empty(errors);
        var buyer = Assert.Single(participants);
        Assert.Equal(("b-1", ParticipantKind.Buyer, "Müller Import GmbH", "DE"), (buyer.Id, buyer.Kind, buyer.Company, buyer.Country));
        Assert.Equal("CNC 数控机床 lathes", buyer.Keywords);
        Assert.Equal(["847130", "8458"], buyer.Interests!);
        Assert.Equal(["ex-2", "ex-1"], buyer.Requests!);
        Assert.Equal(6, buyer.MaxMeetings);
        Assert.Equal([new Availability(new(2026, 5, 20), new(9, 0), new(12, 0)), new Availability(new(2026, 5, 21), new(10, 0), new(12, 0))], buyer.Availability!);
        Assert.False(buyer.Cancelled);
    }

    [Fact]
    public void left_out_availability_is_every_opening_hour_and_an_empty_one_is_never()
    {
        Assert.Null(Assert.Single(Check(Buyer(), ParticipantKind.Buyer).Participants).Availability);
        Assert.Empty(Assert.Single(Check(Buyer(""","availability":[]"""), ParticipantKind.Buyer).Participants).Availability!);
    }

    [Theory]
    [InlineData("84a1")]
    [InlineData("8")]
    [InlineData("84713012345")]
    [InlineData("８４７１")]
    public void a_malformed_hs_code_is_named_by_its_path(string code)
    {
        var message = OnlyError(Exhibitor($$""","categories":["8471","{{code}}"]"""), ParticipantKind.Exhibitor, "[0].categories[1]");

        Assert.Contains("malformed HS code", message);
        Assert.Contains(code, message);
    }

    [Theory]
    [InlineData("84")]
    [InlineData("8471300000")]
    public void hs_codes_of_2_to_10_digits_are_taken(string code) =>
        Assert.Empty(Check(Buyer($$""","interests":["{{code}}"]"""), ParticipantKind.Buyer).Errors);

    [Fact]
    public void a_buyers_malformed_interest_is_named_too() =>
        Assert.Contains("malformed HS code", OnlyError(Buyer(""","interests":["x"]"""), ParticipantKind.Buyer, "[0].interests[0]"));

    [Fact]
    public void availability_outside_opening_hours_is_refused_naming_the_days_hours()
    {
        var message = OnlyError(Buyer(""","availability":["2026-05-20 08:30-12:00"]"""), ParticipantKind.Buyer, "[0].availability[0]");

        Assert.Contains("outside opening hours 09:00-17:00 on 2026-05-20", message);
    }

    [Fact]
    public void availability_on_a_day_the_expo_is_not_open_or_ending_before_it_starts_is_refused()
    {
        Assert.Contains("not a day of the expo", OnlyError(Buyer(""","availability":["2026-05-22 10:00-11:00"]"""), ParticipantKind.Buyer, "[0].availability[0]"));
        Assert.Contains("must end after it starts", OnlyError(Buyer(""","availability":[{"day":"2026-05-20","from":"11:00","to":"10:00"}]"""), ParticipantKind.Buyer, "[0].availability[0]"));
        Assert.Contains("not a window", OnlyError(Buyer(""","availability":["20 May 10-11"]"""), ParticipantKind.Buyer, "[0].availability[0]"));
    }

    [Fact]
    public void a_request_naming_an_unknown_exhibitor_is_refused()
    {
        var message = OnlyError(Buyer(""","requests":["ex-1","ghost"]"""), ParticipantKind.Buyer, "[0].requests[1]");

        Assert.StartsWith("unknown exhibitor 'ghost'", message);
    }

    [Fact]
    public void requests_and_blocks_must_name_the_other_kind()
    {
        Assert.Contains("'buyer-9' is a buyer, not an exhibitor", OnlyError(Buyer(""","blocked":["buyer-9"]"""), ParticipantKind.Buyer, "[0].blocked[0]"));
        Assert.StartsWith("unknown buyer 'nobody'", OnlyError(Exhibitor(""","requests":["nobody"]"""), ParticipantKind.Exhibitor, "[0].requests[0]"));
        Assert.Empty(Check(Exhibitor(""","requests":["buyer-9"]"""), ParticipantKind.Exhibitor).Errors);
    }

    [Fact]
    public void a_ranking_naming_an_exhibitor_twice_is_refused() =>
        Assert.Contains("named twice", OnlyError(Buyer(""","requests":["ex-1","ex-1"]"""), ParticipantKind.Buyer, "[0].requests[1]"));

    [Fact]
    public void buyer_only_fields_on_an_exhibitor_are_refused()
    {
        var errors = Check(Exhibitor(""","interests":["8471"],"requiredCertifications":["CE"]"""), ParticipantKind.Exhibitor).Errors;

        Assert.Equal(["[0].interests", "[0].requiredCertifications"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void an_id_registered_as_the_other_kind_is_refused() =>
        Assert.Contains("registered as an exhibitor", OnlyError("""[{"id":"ex-1","company":"A","country":"CN"}]""", ParticipantKind.Buyer, "[0].id"));

    [Fact]
    public void an_id_twice_in_one_request_is_refused_at_its_second_record() =>
        Assert.Contains("is also [0]", OnlyError("""[{"id":"b-1","company":"A","country":"CN"},{"id":"b-1","company":"B","country":"CN"}]""", ParticipantKind.Buyer, "[1].id"));

    [Theory]
    [InlineData("""[{"company":"A","country":"CN"}]""", "[0].id")]
    [InlineData("""[{"id":"","company":"A","country":"CN"}]""", "[0].id")]
    [InlineData("""[{"id":"a\u0000b","company":"A","country":"CN"}]""", "[0].id")]
    [InlineData("""[{"id":"b-1","company":" ","country":"CN"}]""", "[0].company")]
    [InlineData("""[{"id":"b-1","company":"A"}]""", "[0].country")]
    [InlineData("""[{"id":"b-1","company":"A","country":"cn"}]""", "[0].country")]
    [InlineData("""[{"id":"b-1","company":"A","country":"XX"}]""", "[0].country")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","targetMarkets":["EU"]}]""", "[0].targetMarkets[0]")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","languages":["EN"]}]""", "[0].languages[0]")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","languages":["eng"]}]""", "[0].languages[0]")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","maxMeetings":0}]""", "[0].maxMeetings")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","maxMeetings":201}]""", "[0].maxMeetings")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","maxMeetings":"5"}]""", "[0].maxMeetings")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","categories":"8471"}]""", "[0].categories")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","certifications":[7]}]""", "[0].certifications[0]")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","colour":"red"}]""", "[0].colour")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","kind":"exhibitor"}]""", "[0].kind")]
    [InlineData("""[{"id":"b-1","company":"A","country":"CN","cancelled":true}]""", "[0].cancelled")]
    [InlineData("""["b-1"]""", "[0]")]
    public void each_faulty_field_is_named_by_its_path(string json, string path) => OnlyError(json, ParticipantKind.Buyer, path);

    [Fact]
    public void a_participant_read_back_as_answered_can_be_sent_again()
    {
        var (participants, _) = Check("""[{"id":"b-1","company":"A","country":"CN","interests":["8471"],"availability":["2026-05-20 09:00-10:00"]}]""", ParticipantKind.Buyer);
        var answered = Hub.Contracts.HubJson.Serialize(participants[0], MatchmakingJsonContext.Default.Participant);

        var (again, errors) = Check($"[{answered}]", ParticipantKind.Buyer);

        Assert.Empty(errors);
        Assert.Equal(answered, Hub.Contracts.HubJson.Serialize(again[0], MatchmakingJsonContext.Default.Participant));
    }

    [Fact]
    public void every_fault_of_every_record_is_named_at_once()
    {
        var errors = Check("""
            [{"id":"b-1","company":"A","country":"CN","interests":["84a1"]},
             {"id":"b-2","company":"","country":"CN"},
             {"id":"b-3","company":"C","country":"CN","requests":["ghost"],"availability":["2026-05-21 09:00-11:00"]}]
            """, ParticipantKind.Buyer).Errors;

        Assert.Equal(["[0].interests[0]", "[1].company", "[2].availability[0]", "[2].requests[0]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("outside opening hours 10:00-12:00 on 2026-05-21", errors["[2].availability[0]"][0]);
    }
}
