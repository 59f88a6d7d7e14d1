using System.Text;
using Hub.Core.Storage;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Model;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Tests.Registration;

/// <summary>The registration endpoints with real requests over a real SQLite read store.</summary>
public sealed class when_participants_are_registered_over_http : IAsyncLifetime
{
    private const string Expo = RegistrationHost.ExpoA;
    private readonly RegistrationHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Assert.Equal(201, (await _host.PutExpoAsync(Expo, RegistrationHost.ExpoJson())).Status);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private const string Exhibitors = """
        [{"id":"ex-1","company":"宁波精密机械有限公司","country":"CN","categories":["8458"],"keywords":"数控车床 CNC lathes","languages":["zh","en"]},
         {"id":"ex-2","company":"Shenzhen Circuits","country":"CN","categories":["8534"]}]
        """;

    private async Task<List<Participant>> StoredAsync()
    {
        var all = new List<Participant>();
        await foreach (var p in _host.Store.ParticipantsAsync(Expo, Ct)) all.Add(p);
        return all;
    }

    [Fact]
    public async Task a_json_array_is_registered_and_counted_as_created_then_updated()
    {
        var first = await _host.PutExhibitorsAsync(Expo, Exhibitors);
        Assert.Equal(200, first.Status);
        Assert.Equal("""{"received":2,"created":2,"updated":0}""", first.Body);

        var again = await _host.PutExhibitorsAsync(Expo, """[{"id":"ex-2","company":"Shenzhen Circuits Ltd","country":"CN"},{"id":"ex-3","company":"C","country":"HK"}]""");
        Assert.Equal("""{"received":2,"created":1,"updated":1}""", again.Body);

        var stored = await StoredAsync();
        Assert.Equal(["ex-1", "ex-2", "ex-3"], stored.Select(p => p.Id));
        Assert.Equal("宁波精密机械有限公司", stored[0].Company);
        // An upsert replaces the whole record: ex-2's categories are gone with the second request.
        Assert.Equal(("Shenzhen Circuits Ltd", 0), (stored[1].Company, stored[1].Categories.Count));
        Assert.All(stored, p => Assert.Equal(ParticipantKind.Exhibitor, p.Kind));
    }

    [Fact]
    public async Task json_with_bytes_that_are_not_utf8_inside_a_string_is_refused_and_writes_nothing()
    {
        // Well-formed JSON around a company name whose bytes are Latin-1, not UTF-8: found by fuzzing, it answered 500.
        var body = Encoding.UTF8.GetBytes("[{\"id\":\"ex-1\",\"company\":\"X").Concat(new byte[] { 0xE9, 0x60 })
            .Concat(Encoding.UTF8.GetBytes("\",\"country\":\"CN\",\"categories\":[\"8413\"]}]")).ToArray();

        var answer = await _host.PutBytesAsync(Expo, body, "application/json");

        Assert.Equal(400, answer.Status);
        Assert.Equal(["The body is not UTF-8: the bytes at offset 26 are no UTF-8 character."], answer.Errors["body"]);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task csv_is_registered_like_json()
    {
        await _host.PutExhibitorsAsync(Expo, Exhibitors);
        var csv = "\uFEFF编号,公司,国家,采购兴趣,预约,可用时间\r\nb-1,\"Müller Import, GmbH\",DE,8458,ex-1|ex-2,2026-05-20 09:00-12:00\r\nb-2,上海贸易,CN,85,,\r\n";

        var answer = await _host.PutBuyersAsync(Expo, csv, "text/csv; charset=utf-8");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"received":2,"created":2,"updated":0}""", answer.Body);
        var buyer = (await StoredAsync()).Single(p => p.Id == "b-1");
        Assert.Equal(("Müller Import, GmbH", ParticipantKind.Buyer), (buyer.Company, buyer.Kind));
        Assert.Equal(["ex-1", "ex-2"], buyer.Requests!);
    }

    [Fact]
    public async Task one_invalid_record_writes_nothing_and_every_fault_is_listed()
    {
        await _host.PutExhibitorsAsync(Expo, Exhibitors);
        var before = await StoredAsync();

        var answer = await _host.PutExhibitorsAsync(Expo, """
            [{"id":"ex-1","company":"Renamed","country":"CN"},
             {"id":"ex-4","company":"New","country":"CN","categories":["84a1"]},
             {"id":"ex-5","company":"","country":"CN"}]
            """);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal(["[1].categories[0]", "[2].company"], answer.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Nothing was registered", answer.Json.GetProperty("detail").GetString());
        Assert.Equal(before, await StoredAsync(), new ParticipantComparer());
    }

    [Fact]
    public async Task an_id_registered_as_an_exhibitor_cannot_be_registered_as_a_buyer()
    {
        await _host.PutExhibitorsAsync(Expo, Exhibitors);

        var answer = await _host.PutBuyersAsync(Expo, """[{"id":"ex-1","company":"A","country":"CN"}]""");

        Assert.Equal(400, answer.Status);
        Assert.Contains("registered as an exhibitor", answer.Errors["[0].id"][0]);
        Assert.Equal(ParticipantKind.Exhibitor, (await _host.Store.GetParticipantAsync(Expo, "ex-1", Ct))!.Kind);
    }

    [Fact]
    public async Task a_request_naming_an_unknown_exhibitor_is_refused()
    {
        var answer = await _host.PutBuyersAsync(Expo, """[{"id":"b-1","company":"A","country":"DE","requests":["ex-404"]}]""");

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("unknown exhibitor 'ex-404'", answer.Errors["[0].requests[0]"][0]);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task an_unknown_expo_answers_404()
    {
        var answer = await _host.PutExhibitorsAsync("no-such-expo", Exhibitors);

        Assert.Equal(404, answer.Status);
        Assert.Equal("No expo 'no-such-expo'.", answer.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task another_content_type_answers_415_and_a_body_that_is_not_an_array_400()
    {
        Assert.Equal(415, (await _host.PutExhibitorsAsync(Expo, Exhibitors, "application/xml")).Status);
        Assert.Equal(415, (await _host.PutExhibitorsAsync(Expo, "id,company,country\n", "text/csv; charset=gb2312")).Status);
        Assert.Equal(400, (await _host.PutExhibitorsAsync(Expo, """{"id":"ex-1"}""")).Status);
        Assert.Equal(400, (await _host.PutExhibitorsAsync(Expo, "[{")).Status);
    }

    [Fact]
    public async Task csv_that_is_not_utf8_is_refused()
    {
        var gbk = new byte[] { (byte)'i', (byte)'d', (byte)'\n', 0xC4, 0xFE, (byte)'\n' };

        var answer = await _host.PutBytesAsync(Expo, gbk, "text/csv");

        Assert.Equal(400, answer.Status);
        Assert.Contains("not UTF-8", answer.Errors["body"][0]);
    }

    [Fact]
    public async Task a_body_over_16_mib_answers_413_and_more_than_50000_records_400()
    {
        var large = new byte[ParticipantRegistrationEndpoints.MaxBodyBytes + 1];
        Assert.Equal(413, (await _host.PutBytesAsync(Expo, large, "application/json")).Status);

        var many = new StringBuilder("id,company,country\n");
        for (var i = 0; i <= ParticipantRegistrationEndpoints.MaxRecords; i++) many.Append("e-").Append(i).Append(",A,CN\n");
        var answer = await _host.PutExhibitorsAsync(Expo, many.ToString(), "text/csv");
        Assert.Equal(400, answer.Status);
        Assert.Contains("At most 50000 records", answer.Errors["body"][0]);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task cancelling_keeps_the_participant_marked_and_registering_again_uncancels_it()
    {
        await _host.PutExhibitorsAsync(Expo, Exhibitors);

        var cancelled = await _host.CancelAsync(Expo, "ex-1");
        Assert.Equal(200, cancelled.Status);
        Assert.True(cancelled.Json.GetProperty("cancelled").GetBoolean());
        Assert.True((await _host.Store.GetParticipantAsync(Expo, "ex-1", Ct))!.Cancelled);

        Assert.Equal(404, (await _host.CancelAsync(Expo, "ex-404")).Status);
        Assert.Equal(404, (await _host.CancelAsync("no-such-expo", "ex-1")).Status);

        await _host.PutExhibitorsAsync(Expo, Exhibitors);
        Assert.False((await _host.Store.GetParticipantAsync(Expo, "ex-1", Ct))!.Cancelled);
    }

    [Fact]
    public async Task participants_are_listed_page_by_page_and_by_kind()
    {
        await _host.PutExhibitorsAsync(Expo, Exhibitors);
        await _host.PutBuyersAsync(Expo, """[{"id":"b-1","company":"A","country":"DE"},{"id":"b-2","company":"B","country":"US"},{"id":"b-3","company":"C","country":"JP"}]""");

        var buyers = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?kind=buyer&pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await _host.ListAsync(Expo, query);
            Assert.Equal(200, page.Status);
            buyers.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            token = page.Json.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null);

        Assert.Equal(["b-1", "b-2", "b-3"], buyers);
        // The kind as documented (openapi.json: exhibitor | buyer), which is also what ?kind= takes.
        Assert.Equal("buyer", (await _host.ListAsync(Expo, "?kind=buyer&pageSize=1")).Json.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(2, pages);
        var exhibitors = await _host.ListAsync(Expo, "?kind=exhibitor");
        Assert.Equal(["ex-1", "ex-2"], exhibitors.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(5, (await _host.ListAsync(Expo)).Json.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("?kind=buyers", "kind")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?colour=red", "colour")]
    [InlineData("?continuationToken=forged", "continuationToken")]
    public async Task a_bad_list_parameter_is_named(string query, string field)
    {
        var answer = await _host.ListAsync(Expo, query);

        Assert.Equal(400, answer.Status);
        Assert.Equal([field], answer.Errors.Keys);
    }

    [Fact]
    public async Task listing_an_unknown_expo_answers_404() =>
        Assert.Equal(404, (await _host.ListAsync("no-such-expo")).Status);

    private sealed class ParticipantComparer : IEqualityComparer<Participant>
    {
        public bool Equals(Participant? x, Participant? y) =>
            Hub.Contracts.HubJson.Serialize(x!, MatchmakingJsonContext.Default.Participant) == Hub.Contracts.HubJson.Serialize(y!, MatchmakingJsonContext.Default.Participant);

        public int GetHashCode(Participant obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
