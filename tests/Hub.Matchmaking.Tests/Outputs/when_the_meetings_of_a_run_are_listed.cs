using Hub.Testing.Http;
using System.Text.Json;
using Hub.Matchmaking.Storage;
using Hub.Matchmaking.Tests.Outputs.Support;
using Microsoft.AspNetCore.Http;
using static Hub.Matchmaking.Tests.Outputs.Support.OutputsWorld;

namespace Hub.Matchmaking.Tests.Outputs;

public sealed class when_the_meetings_of_a_run_are_listed : IAsyncLifetime
{
    private readonly OutputsWorld _world = new();
    private readonly Hub.Matchmaking.Model.Expo _expo = Expos.InHangzhou;

    public async ValueTask InitializeAsync()
    {
        await _world.PutExpoAsync(_expo);
        await _world.PutParticipantsAsync(_expo.ExpoId, Expos.Everyone);
        await _world.PutCompletedRunAsync(_expo, "run-1", Expos.Everyone, Expos.Meetings(_expo));
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private async Task<HttpAnswer> ListAsync(string? key, string runId = "run-1", string query = "", string? expoId = null)
    {
        var context = HttpExchange.Get(key, query);
        return await (await _world.Endpoints.ListAsync(context.Request, expoId ?? _expo.ExpoId, runId, Ct)).AnswerAsync(context);
    }

    private static List<(string Exhibitor, string Buyer)> Pairs(HttpAnswer answer) =>
        [.. answer.Json.GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("exhibitorId").GetString()!, m.GetProperty("buyerId").GetString()!))];

    [Fact]
    public async Task without_a_participant_every_meeting_comes_exactly_once()
    {
        var answer = await ListAsync(ReaderKey);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType);
        var expected = Expos.Meetings(_expo).Select(m => (m.ExhibitorId, m.BuyerId)).Order().ToList();
        Assert.Equal(expected, Pairs(answer).Order().ToList());
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task a_meeting_reads_with_its_companies_local_day_and_times_table_score_and_reasons()
    {
        var answer = await ListAsync(AdminKey, query: "?participantId=B1");

        var first = answer.Json.GetProperty("items")[0];
        Assert.Equal("E1", first.GetProperty("exhibitorId").GetString());
        Assert.Equal("杭州海宝泵业有限公司", first.GetProperty("exhibitorCompany").GetString());
        Assert.Equal("B1", first.GetProperty("buyerId").GetString());
        Assert.Equal("+1 Trading Sdn Bhd", first.GetProperty("buyerCompany").GetString());
        Assert.Equal("2026-05-20", first.GetProperty("day").GetString());
        Assert.Equal("09:00", first.GetProperty("start").GetString());
        Assert.Equal("09:20", first.GetProperty("end").GetString());
        Assert.Equal(2, first.GetProperty("table").GetInt32());
        Assert.Equal(61.5, first.GetProperty("score").GetDouble());
        var reasons = first.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(["hs", "language", "request"], reasons.Select(r => r.GetProperty("component").GetString()));
        Assert.Equal("HS 8413 match", reasons[0].GetProperty("text").GetString());
        Assert.Equal(61.5, reasons.Sum(r => r.GetProperty("points").GetDouble()));
        Assert.False(first.TryGetProperty("slot", out _));
        Assert.False(first.TryGetProperty("sequence", out _));
    }

    [Theory]
    [InlineData("E1", new[] { "E1/B1", "E1/B2", "E1/B3" })]
    [InlineData("B1", new[] { "E1/B1", "E3/B1" })]
    [InlineData("B4", new[] { "E2/B4" })]
    [InlineData("E4", new string[0])]
    public async Task with_a_participant_only_its_meetings_come_in_time_order(string participantId, string[] expected)
    {
        var answer = await ListAsync(OrganiserKey, query: $"?participantId={participantId}");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal(expected, Pairs(answer).Select(p => $"{p.Exhibitor}/{p.Buyer}"));
    }

    [Fact]
    public async Task a_participant_registered_after_the_run_has_no_meetings_in_it()
    {
        await _world.PutParticipantsAsync(_expo.ExpoId, [Expos.Buyers[0] with { Id = "B-late", Company = "Late Buyer" }]);

        var answer = await ListAsync(ReaderKey, query: "?participantId=B-late");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Empty(Pairs(answer));
    }

    [Fact]
    public async Task a_participant_unknown_to_the_expo_answers_404()
    {
        var answer = await ListAsync(ReaderKey, query: "?participantId=nobody");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains("nobody", answer.Detail);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task pages_of_every_meeting_hold_page_size_meetings_and_together_each_meeting_once(int pageSize)
    {
        var seen = new List<(string, string)>();
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await ListAsync(ReaderKey, query: $"?pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(StatusCodes.Status200OK, answer.Status);
            var pairs = Pairs(answer);
            token = answer.Json.GetProperty("continuationToken").GetString();
            if (token is not null) Assert.Equal(pageSize, pairs.Count);
            seen.AddRange(pairs);
            Assert.True(++pages <= 7, "paging does not end");
        }
        while (token is not null);

        Assert.Equal(Expos.Meetings(_expo).Select(m => (m.ExhibitorId, m.BuyerId)).Order(), seen.Order());
    }

    [Fact]
    public async Task pages_of_one_participant_follow_each_other_to_the_end()
    {
        var first = await ListAsync(ReaderKey, query: "?participantId=E1&pageSize=2");
        var token = first.Json.GetProperty("continuationToken").GetString()!;
        var second = await ListAsync(ReaderKey, query: $"?participantId=E1&pageSize=2&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(["E1/B1", "E1/B2"], Pairs(first).Select(p => $"{p.Exhibitor}/{p.Buyer}"));
        Assert.Equal(["E1/B3"], Pairs(second).Select(p => $"{p.Exhibitor}/{p.Buyer}"));
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("continuationToken").ValueKind);
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    [InlineData("?continuationToken=not-a-token", "continuationToken")]
    [InlineData("?continuationToken=YXw5OTl8OTk5fA", "continuationToken")] // a|999|999| : a position past the end
    public async Task a_bad_page_size_or_token_answers_400_naming_the_field(string query, string field)
    {
        var answer = await ListAsync(ReaderKey, query: query);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal([field], answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task a_token_of_the_full_listing_is_refused_for_one_participant()
    {
        var token = (await ListAsync(ReaderKey, query: "?pageSize=1")).Json.GetProperty("continuationToken").GetString()!;

        var answer = await ListAsync(ReaderKey, query: $"?participantId=E1&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
    }

    [Theory]
    [InlineData(MatchmakingRunStatuses.Queued)]
    [InlineData(MatchmakingRunStatuses.Running)]
    [InlineData(MatchmakingRunStatuses.Failed)]
    public async Task a_run_that_has_not_completed_answers_409(string status)
    {
        await _world.PutRunAsync(new MatchmakingRun(_expo.ExpoId, "run-2", status, DateTimeOffset.UnixEpoch, PreserveExisting: false, Attempt: 1));

        var answer = await ListAsync(ReaderKey, runId: "run-2");

        Assert.Equal(StatusCodes.Status409Conflict, answer.Status);
        Assert.Contains(status == MatchmakingRunStatuses.Failed ? "failed" : $"is {status}", answer.Detail);
    }

    [Fact]
    public async Task a_completed_status_without_its_partition_shows_no_half_written_meetings()
    {
        // Written attempt 2's documents exist, but the status does not name the partition: nothing may show.
        await _world.PutRunAsync(new MatchmakingRun(_expo.ExpoId, "run-1", MatchmakingRunStatuses.Running, DateTimeOffset.UnixEpoch, PreserveExisting: false, Attempt: 2));

        Assert.Equal(StatusCodes.Status409Conflict, (await ListAsync(ReaderKey)).Status);
    }

    [Fact]
    public async Task an_unknown_run_or_expo_answers_404()
    {
        Assert.Equal(StatusCodes.Status404NotFound, (await ListAsync(ReaderKey, runId: "no-such-run")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await ListAsync(AdminKey, expoId: "no-such-expo")).Status);
    }

    [Fact]
    public async Task another_expos_organiser_gets_the_same_404_as_for_an_unknown_expo()
    {
        var other = await ListAsync(OtherOrganiserKey);
        var unknown = await ListAsync(OtherOrganiserKey, expoId: "no-such-expo");

        Assert.Equal(StatusCodes.Status404NotFound, other.Status);
        Assert.Equal(unknown.Status, other.Status);
        Assert.Equal($"No expo '{_expo.ExpoId}'.", other.Detail);
    }

    [Fact]
    public async Task a_key_of_another_kind_answers_403_and_no_key_401()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, (await ListAsync(OperatorKey)).Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await ListAsync(null)).Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await ListAsync("not-a-key")).Status);
    }
}
