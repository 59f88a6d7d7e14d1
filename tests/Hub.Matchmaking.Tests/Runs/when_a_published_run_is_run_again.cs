using Hub.Core.Storage;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Tests.Runs;

public sealed class when_a_published_run_is_run_again
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task published_meetings_still_feasible_stay_where_they_are_and_the_status_counts_the_moved_ones_by_reason()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors: 3, buyers: 4);
        hub.StartEngine();
        var first = await hub.RequestRunAsync();
        var firstRun = await hub.WaitForStatusAsync(first, MatchmakingRunStatuses.Completed);
        Assert.Equal(200, (await hub.PublishAsync(first)).Status);
        var published = await MeetingsAsync(hub, firstRun);
        var ofCancelled = published.Count(m => m.BuyerId == "b-1");
        Assert.True(ofCancelled > 0, "b-1 had no meeting to move");

        await hub.CancelAsync("b-1");
        var second = await hub.RequestRunAsync();
        var secondRun = await hub.WaitForStatusAsync(second, MatchmakingRunStatuses.Completed);

        Assert.True(secondRun.PreserveExisting);
        Assert.Equal(first, secondRun.BasedOnRunId);
        var again = (await MeetingsAsync(hub, secondRun)).ToDictionary(m => (m.ExhibitorId, m.BuyerId));
        foreach (var kept in published.Where(m => m.BuyerId != "b-1"))
        {
            Assert.True(again.TryGetValue((kept.ExhibitorId, kept.BuyerId), out var now), $"{kept.ExhibitorId}/{kept.BuyerId} is gone");
            Assert.Equal((kept.Slot, kept.Table, 0), (now.Slot, now.Table, now.Sequence));
        }
        Assert.DoesNotContain(again.Keys, k => k.BuyerId == "b-1");
        var status = (await hub.GetRunAsync(second)).Json;
        Assert.True(status.GetProperty("preserveExisting").GetBoolean());
        Assert.Equal(ofCancelled, status.GetProperty("moved").GetInt32());
        Assert.Equal(ofCancelled, status.GetProperty("movedReasons").GetProperty("buyer cancelled").GetInt32());
        Assert.Single(status.GetProperty("movedReasons").EnumerateObject());
    }

    [Fact]
    public async Task a_published_meeting_that_moves_gets_its_sequence_raised_each_time_it_moves()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors: 1, buyers: 1, tables: 1);
        hub.StartEngine();
        var first = await hub.WaitForStatusAsync(await hub.RequestRunAsync(), MatchmakingRunStatuses.Completed);
        Assert.Equal(200, (await hub.PublishAsync(first.RunId)).Status);
        var before = Assert.Single(await MeetingsAsync(hub, first));
        Assert.Equal((0, 0), (before.Slot, before.Sequence));

        // The buyer can now come only in the second hour: the published meeting at 09:00 cannot stay.
        await AvailableAsync(hub, "b-1", new TimeOnly(10, 0), new TimeOnly(11, 0));
        var second = await hub.WaitForStatusAsync(await hub.RequestRunAsync(), MatchmakingRunStatuses.Completed);
        var moved = Assert.Single(await MeetingsAsync(hub, second));
        Assert.True(moved.Start >= new TimeOnly(10, 0));
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(1, second.Metrics!.MovedReasons["buyer no longer available in this slot"]);
        Assert.Equal(200, (await hub.PublishAsync(second.RunId)).Status);

        // Run again with nothing changed: it stays, and so does its sequence.
        var third = await hub.WaitForStatusAsync(await hub.RequestRunAsync(), MatchmakingRunStatuses.Completed);
        var stayed = Assert.Single(await MeetingsAsync(hub, third));
        Assert.Equal((moved.Slot, moved.Table, 1), (stayed.Slot, stayed.Table, stayed.Sequence));

        // Not preserving, the meeting goes back to the morning's first slot open to both: it moved again.
        await AvailableAsync(hub, "b-1", new TimeOnly(9, 0), new TimeOnly(10, 0));
        var fourth = await hub.WaitForStatusAsync(await hub.RequestRunAsync("{\"preserveExisting\":false}"), MatchmakingRunStatuses.Completed);
        Assert.False(fourth.PreserveExisting);
        Assert.Equal(second.RunId, fourth.BasedOnRunId);
        Assert.Equal(2, Assert.Single(await MeetingsAsync(hub, fourth)).Sequence);
    }

    private static async Task AvailableAsync(RunsHub hub, string participantId, TimeOnly from, TimeOnly to)
    {
        var participant = await hub.Expos.GetParticipantAsync(RunsHub.ExpoId, participantId, Ct);
        await hub.Expos.PutParticipantAsync(RunsHub.ExpoId, participant! with { Availability = [new Availability(new DateOnly(2026, 5, 20), from, to)] }, Ct);
    }

    /// <summary>Each meeting once: from the exhibitors' documents.</summary>
    private static async Task<List<MeetingEntry>> MeetingsAsync(RunsHub hub, MatchmakingRun run) =>
        (await hub.MeetingsAsync(run.ResultPartition!)).Where(d => d.Kind == ParticipantKind.Exhibitor).SelectMany(d => d.Meetings).ToList();
}
