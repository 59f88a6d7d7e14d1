using System.Text;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Storage;
using Hub.Matchmaking.Tests.Outputs.Support;
using static Hub.Matchmaking.Tests.Outputs.Support.OutputsWorld;

namespace Hub.Matchmaking.Tests.Outputs;

/// <summary>
/// Listings and meetings.csv across several store pages of exhibitor documents (<see cref="MeetingsReader.DocumentsPerStorePage"/>):
/// where a page of meetings or a pass of the CSV ends in the middle of a store page, nothing is lost or repeated.
/// </summary>
public sealed class when_a_run_has_more_exhibitors_than_one_store_page : IAsyncLifetime
{
    private const int Exhibitors = MeetingsReader.DocumentsPerStorePage * 2 + 37;

    private static readonly Expo Expo = new("big", "Big Expo", "Asia/Shanghai",
        [new ExpoDay(new DateOnly(2026, 6, 1), new TimeOnly(9, 0), new TimeOnly(17, 0))], SlotMinutes: 20, Tables: 30);

    private readonly OutputsWorld _world = new();
    private readonly List<MeetingEntry> _meetings = [];

    public async ValueTask InitializeAsync()
    {
        var grid = new SlotGrid(Expo);
        var participants = new List<Participant>();
        for (var i = 0; i < Exhibitors; i++)
        {
            participants.Add(new Participant($"E{i:000}", ParticipantKind.Exhibitor, $"展商 {i}", "CN", ["8413"], "", [], ["zh"], []));
            participants.Add(new Participant($"B{i:000}", ParticipantKind.Buyer, $"Buyer {i}", "DE", [], "", [], ["en"], []));
        }
        for (var i = 0; i < Exhibitors; i++)
        {
            // Each exhibitor meets one to three buyers; (slot, table) never repeats.
            for (var k = 0; k < 1 + i % 3; k++)
            {
                var slot = grid.Slots[(i + 8 * k) % grid.Count];
                var table = 1 + (i / grid.Count) + 10 * k;
                var buyer = (i + k) % Exhibitors;
                _meetings.Add(new MeetingEntry($"E{i:000}", $"展商 {i}", $"B{buyer:000}", $"Buyer {buyer}", slot.Index, slot.Date, slot.Start, slot.End, table, 10 + k,
                    [new ScoreReason("hs", "HS 8413 match", 10 + k)]));
            }
        }
        Assert.Equal(_meetings.Count, _meetings.Select(m => (m.Slot, m.Table)).Distinct().Count());

        await _world.PutExpoAsync(Expo);
        await _world.PutParticipantsAsync(Expo.ExpoId, participants);
        await _world.PutCompletedRunAsync(Expo, "run-1", participants, _meetings);
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Theory]
    [InlineData(1000)]
    [InlineData(97)]
    [InlineData(13)]
    public async Task paging_crosses_store_pages_without_losing_or_repeating_a_meeting(int pageSize)
    {
        var partition = MatchmakingRun.PartitionOf(Expo.ExpoId, "run-1", 1);
        var seen = new List<(string, string)>();
        string? token = null;
        do
        {
            var page = await _world.Reader.PageAllAsync(partition, pageSize, token, Ct);
            if (page.ContinuationToken is not null) Assert.Equal(pageSize, page.Items.Count);
            seen.AddRange(page.Items.Select(m => (m.ExhibitorId, m.BuyerId)));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(_meetings.Select(m => (m.ExhibitorId, m.BuyerId)).Order(), seen.Order());
    }

    [Fact]
    public async Task meetings_csv_in_small_passes_holds_every_meeting_once_in_time_and_table_order()
    {
        var partition = MatchmakingRun.PartitionOf(Expo.ExpoId, "run-1", 1);
        var slots = new SlotGrid(Expo).Count;
        using var onePass = new MemoryStream();
        using var smallPasses = new MemoryStream();

        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, Expo.Tables, onePass, Ct);
        // 50 meetings a pass over 30 tables: one slot per pass, so 24 passes over every store page.
        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, Expo.Tables, smallPasses, Ct, meetingsPerPass: 50);

        Assert.Equal(onePass.ToArray(), smallPasses.ToArray());
        var lines = Encoding.UTF8.GetString(onePass.ToArray().AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(_meetings.Count, lines.Count);
        var expected = _meetings.OrderBy(m => m.Slot).ThenBy(m => m.Table).Select(m => $"{m.Start:HH:mm},{m.End:HH:mm},{m.Table},{m.ExhibitorId},");
        Assert.Equal(expected, lines.Select(l => string.Join(',', l.Split(',')[1..5]) + ","));
    }
}
