using Hub.Testing.Http;
using System.Text;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Storage;
using Hub.Matchmaking.Tests.Outputs.Support;
using Microsoft.AspNetCore.Http;
using static Hub.Matchmaking.Tests.Outputs.Support.OutputsWorld;

namespace Hub.Matchmaking.Tests.Outputs;

public sealed class when_an_agenda_is_downloaded : IAsyncLifetime
{
    private static readonly DateTimeOffset PublishedAt = new(2026, 5, 2, 10, 30, 0, TimeSpan.Zero);

    private readonly OutputsWorld _world = new();
    private readonly Expo _expo = Expos.InHangzhou;

    public async ValueTask InitializeAsync()
    {
        await _world.PutExpoAsync(_expo);
        await _world.PutParticipantsAsync(_expo.ExpoId, Expos.Everyone);
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private async Task PublishAsync(string runId, IReadOnlyList<MeetingEntry> meetings, DateTimeOffset? publishedAt = null, Expo? expo = null)
    {
        expo ??= _expo;
        await _world.PutCompletedRunAsync(expo, runId, Expos.Everyone, meetings, publishedAt ?? PublishedAt);
        await _world.PublishAsync(expo, runId);
    }

    private async Task<HttpAnswer> AgendaAsync(string participantId, string? key = ReaderKey, string? expoId = null)
    {
        var context = HttpExchange.Get(key);
        return await (await _world.Endpoints.GetAgendaAsync(context.Request, expoId ?? _expo.ExpoId, participantId, Ct)).AnswerAsync(context);
    }

    private async Task<Component> ValidAgendaAsync(string participantId)
    {
        var answer = await AgendaAsync(participantId);
        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        return ICalendarValidator.Validate(answer.Bytes);
    }

    [Fact]
    public async Task it_is_valid_icalendar_served_as_text_calendar_in_utf8()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var answer = await AgendaAsync("E1");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("text/calendar; charset=utf-8", answer.ContentType);
        var calendar = ICalendarValidator.Validate(answer.Bytes);
        Assert.Equal(3, calendar.All("VEVENT").Count());
    }

    [Fact]
    public async Task an_exhibitors_events_are_its_meetings_named_for_the_buyer_at_the_expos_local_time()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var events = (await ValidAgendaAsync("E1")).All("VEVENT").ToList();

        Assert.Equal(["+1 Trading Sdn Bhd", "-2 GmbH", "@SUM(A1:A9) Imports"], events.Select(e => e.One("SUMMARY").Text));
        var first = events[0];
        Assert.Equal("20260520T090000", first.One("DTSTART").Value);
        Assert.Equal("Asia/Shanghai", first.One("DTSTART").Parameters["TZID"]);
        Assert.Equal("20260520T092000", first.One("DTEND").Value);
        Assert.Equal("Table 2", first.One("LOCATION").Text);
        Assert.Equal("20260502T103000Z", first.One("DTSTAMP").Value);
        Assert.Equal("0", first.One("SEQUENCE").Value);
        Assert.EndsWith("@trade-hub", first.One("UID").Value);
        var description = first.One("DESCRIPTION").Text;
        Assert.Contains("HS 8413 match (+30); both speak zh, 中文交流 (+10); requested by buyer #1; =cmd|' /C calc'!A0 (+21.5)", description);
        Assert.Contains("\n", description);
        Assert.Equal(["20260521T092000"], events.Skip(2).Select(e => e.One("DTSTART").Value));
    }

    [Fact]
    public async Task a_buyers_events_are_named_for_the_exhibitor_in_chinese()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var events = (await ValidAgendaAsync("B1")).All("VEVENT").ToList();

        Assert.Equal(["杭州海宝泵业有限公司", "Acme, \"Pumps\" Ltd"], events.Select(e => e.One("SUMMARY").Text));
        Assert.Contains(@"Acme\, ""Pumps"" Ltd", events[1].One("SUMMARY").Value);
    }

    [Fact]
    public async Task a_company_with_a_line_break_reads_back_as_one_escaped_line()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var e2 = (await ValidAgendaAsync("E2")).All("VEVENT").Single(e => e.One("SUMMARY").Text.StartsWith("Tab", StringComparison.Ordinal));

        Assert.Equal(@"Tab	and\nline break Co.", e2.One("SUMMARY").Value);
    }

    [Fact]
    public async Task uids_are_the_same_for_the_same_pairs_in_another_run_and_sequence_rises_only_for_the_moved_meeting()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));
        var before = (await ValidAgendaAsync("E1")).All("VEVENT").ToDictionary(e => e.One("SUMMARY").Text);

        // A re-run of the same data, published later: the E1/B1 meeting moved from slot 0 to slot 3 (its sequence raised).
        var moved = Expos.Meetings(_expo).Select(m => m is { ExhibitorId: "E1", BuyerId: "B1" } ? Expos.Meeting(_expo, "E1", "B1", slot: 3, table: 1, sequence: 1) : m).ToList();
        await PublishAsync("run-2", moved, PublishedAt.AddDays(1));
        var after = (await ValidAgendaAsync("E1")).All("VEVENT").ToDictionary(e => e.One("SUMMARY").Text);

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.Equal(pair.Value.One("UID").Value, after[pair.Key].One("UID").Value));
        Assert.Equal("1", after["+1 Trading Sdn Bhd"].One("SEQUENCE").Value);
        Assert.Equal("20260520T100000", after["+1 Trading Sdn Bhd"].One("DTSTART").Value);
        Assert.Equal(["0", "0"], after.Where(p => p.Key != "+1 Trading Sdn Bhd").Select(p => p.Value.One("SEQUENCE").Value));
        // The buyer's calendar holds the same UID for the same meeting.
        var buyers = (await ValidAgendaAsync("B1")).All("VEVENT").Select(e => e.One("UID").Value);
        Assert.Contains(after["+1 Trading Sdn Bhd"].One("UID").Value, buyers);
    }

    [Fact]
    public async Task the_same_published_run_gives_the_same_bytes_each_time()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        Assert.Equal((await AgendaAsync("B3")).Bytes, (await AgendaAsync("B3")).Bytes);
    }

    [Fact]
    public void uids_differ_per_pair_and_per_expo_and_cannot_be_confused_by_separators()
    {
        var uids = new[]
        {
            AgendaCalendar.Uid("x", "E1", "B1"), AgendaCalendar.Uid("x", "E1", "B2"), AgendaCalendar.Uid("x", "E2", "B1"),
            AgendaCalendar.Uid("y", "E1", "B1"), AgendaCalendar.Uid("x|E1", "", "B1"), AgendaCalendar.Uid("x", "E1|", "B1"),
        };

        Assert.Equal(uids.Length, uids.Distinct().Count());
        Assert.Equal(AgendaCalendar.Uid("x", "E1", "B1"), AgendaCalendar.Uid("x", "E1", "B1"));
    }

    [Fact]
    public async Task asia_shanghai_has_a_single_standard_component_at_plus_eight()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var zone = Assert.Single((await ValidAgendaAsync("E1")).All("VTIMEZONE"));

        Assert.Equal("Asia/Shanghai", zone.One("TZID").Value);
        var standard = Assert.Single(zone.Children);
        Assert.Equal("STANDARD", standard.Name);
        Assert.Equal("+0800", standard.One("TZOFFSETFROM").Value);
        Assert.Equal("+0800", standard.One("TZOFFSETTO").Value);
    }

    [Fact]
    public async Task europe_brussels_has_its_daylight_saving_changes_and_every_meeting_resolves_to_the_right_offset()
    {
        var brussels = _expo with
        {
            ExpoId = "brussels",
            TimeZone = "Europe/Brussels",
            Days = [new ExpoDay(new DateOnly(2026, 3, 28), new TimeOnly(9, 0), new TimeOnly(17, 0)), new ExpoDay(new DateOnly(2026, 3, 30), new TimeOnly(9, 0), new TimeOnly(17, 0))],
        };
        await _world.PutExpoAsync(brussels);
        await _world.PutParticipantsAsync(brussels.ExpoId, Expos.Everyone);
        await PublishAsync("run-b", [Expos.Meeting(brussels, "E1", "B1", slot: 0, table: 1), Expos.Meeting(brussels, "E1", "B2", slot: 24, table: 1)], expo: brussels);

        var answer = await AgendaAsync("E1", expoId: "brussels");
        var calendar = ICalendarValidator.Validate(answer.Bytes);

        var zone = Assert.Single(calendar.All("VTIMEZONE"));
        var onsets = zone.Children.Select(c => $"{c.Name} {c.One("DTSTART").Value} {c.One("TZOFFSETFROM").Value}>{c.One("TZOFFSETTO").Value}").ToList();
        Assert.Contains("DAYLIGHT 20260329T020000 +0100>+0200", onsets);
        Assert.Contains("STANDARD 20261025T030000 +0200>+0100", onsets);
        Assert.Contains("STANDARD 20251026T030000 +0200>+0100", onsets);
        var events = calendar.All("VEVENT").ToList();
        Assert.Equal(["20260328T090000", "20260330T090000"], events.Select(e => e.One("DTSTART").Value));
        // Before the change the expo is at +01:00, after it at +02:00: the VTIMEZONE says what the zone data says.
        Assert.Equal(TimeSpan.FromHours(1), ICalendarValidator.OffsetAt(zone, events[0].One("DTSTART").Value));
        Assert.Equal(TimeSpan.FromHours(2), ICalendarValidator.OffsetAt(zone, events[1].One("DTSTART").Value));
        var tz = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        Assert.All(events, e => Assert.Equal(
            tz.GetUtcOffset(DateTime.ParseExact(e.One("DTSTART").Value, "yyyyMMdd'T'HHmmss", null)),
            ICalendarValidator.OffsetAt(zone, e.One("DTSTART").Value)));
    }

    [Fact]
    public async Task a_participant_without_meetings_gets_a_valid_calendar_with_no_events()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        var calendar = await ValidAgendaAsync("E4");

        Assert.Empty(calendar.All("VEVENT"));
        Assert.Single(calendar.All("VTIMEZONE"));
    }

    [Fact]
    public async Task before_anything_is_published_it_answers_404_nothing_published_yet()
    {
        await _world.PutCompletedRunAsync(_expo, "draft", Expos.Everyone, Expos.Meetings(_expo));

        var answer = await AgendaAsync("E1");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains("nothing published yet", answer.Detail);
    }

    [Fact]
    public async Task it_shows_the_published_run_not_a_later_draft()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));
        await _world.PutCompletedRunAsync(_expo, "draft", Expos.Everyone, [Expos.Meeting(_expo, "E4", "B4", slot: 7, table: 1)]);

        Assert.Empty((await ValidAgendaAsync("E4")).All("VEVENT"));
    }

    [Fact]
    public async Task unknown_participants_and_other_expos_answer_404_and_other_keys_403()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));

        Assert.Equal(StatusCodes.Status404NotFound, (await AgendaAsync("nobody")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await AgendaAsync("E1", expoId: "no-such-expo")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await AgendaAsync("E1", OtherOrganiserKey)).Status);
        Assert.Equal(StatusCodes.Status200OK, (await AgendaAsync("E1", OrganiserKey)).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await AgendaAsync("E1", OperatorKey)).Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await AgendaAsync("E1", null)).Status);
    }

    [Fact]
    public async Task an_independent_parser_ical_net_reads_the_same_events()
    {
        await PublishAsync("run-1", Expos.Meetings(_expo));
        var answer = await AgendaAsync("B1");
        var ours = ICalendarValidator.Validate(answer.Bytes).All("VEVENT").ToList();

        var calendar = Ical.Net.Calendar.Load(answer.Body)!;

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("Asia/Shanghai", Assert.Single(calendar.TimeZones).TzId);
        var events = calendar.Events.OrderBy(e => e.DtStart!.Value).ToList();
        Assert.Equal(ours.Select(e => e.One("UID").Value), events.Select(e => e.Uid));
        Assert.Equal(["杭州海宝泵业有限公司", "Acme, \"Pumps\" Ltd"], events.Select(e => e.Summary));
        Assert.Equal(["Table 2", "Table 2"], events.Select(e => e.Location));
        Assert.All(events, e => Assert.Equal("Asia/Shanghai", e.DtStart!.TzId));
        Assert.Equal([new DateTime(2026, 5, 20, 9, 0, 0), new DateTime(2026, 5, 21, 9, 0, 0)], events.Select(e => e.DtStart!.Value));
        Assert.Equal([new DateTime(2026, 5, 20, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 21, 1, 0, 0, DateTimeKind.Utc)], events.Select(e => e.DtStart!.AsUtc));
        Assert.Contains("中文交流", events[0].Description);
    }
}
