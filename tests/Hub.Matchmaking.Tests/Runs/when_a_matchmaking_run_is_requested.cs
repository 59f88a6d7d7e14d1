using Hub.Contracts;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Tests.Runs;

public sealed class when_a_matchmaking_run_is_requested
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task it_goes_from_queued_through_running_with_progress_to_completed_and_its_meetings_are_read_from_the_partition_it_names()
    {
        var scheduler = new GatedScheduler(new MeetingScheduler());
        await using var hub = new RunsHub(scheduler);
        await hub.SeedExpoAsync(exhibitors: 3, buyers: 4);

        var accepted = await hub.PostRunAsync();
        Assert.Equal(202, accepted.Status);
        var runId = accepted.Json.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/expos/{RunsHub.ExpoId}/matchmaking-runs/{runId}", accepted.Json.GetProperty("statusUrl").GetString());
        Assert.Equal(accepted.Json.GetProperty("statusUrl").GetString(), accepted.Headers.Location.ToString());
        Assert.Equal("queued", (await hub.GetRunAsync(runId)).Json.GetProperty("status").GetString());

        hub.StartEngine();
        await scheduler.Entered.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var running = await hub.WaitForAsync(runId, r => r.Progress?.Stage == "scheduling", "running at the scheduling stage");
        var shown = (await hub.GetRunAsync(runId)).Json;
        Assert.Equal("running", shown.GetProperty("status").GetString());
        Assert.Equal("scheduling", shown.GetProperty("progress").GetProperty("stage").GetString());
        Assert.Equal(0.5, shown.GetProperty("progress").GetProperty("fraction").GetDouble());
        Assert.True(shown.GetProperty("durationSeconds").GetDouble() >= 0);
        Assert.Null(running.ResultPartition);
        Assert.Equal(1, running.Attempt);

        scheduler.Open();
        var completed = await hub.WaitForStatusAsync(runId, MatchmakingRunStatuses.Completed);

        Assert.Equal(MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 1), completed.ResultPartition);
        var documents = await hub.MeetingsAsync(completed.ResultPartition!);
        // Every active participant has a document; each meeting is in its exhibitor's and its buyer's.
        Assert.Equal(["b-1", "b-2", "b-3", "b-4", "e-1", "e-2", "e-3"], documents.Select(d => d.ParticipantId).Order(StringComparer.Ordinal));
        var byExhibitors = documents.Where(d => d.Kind == ParticipantKind.Exhibitor).SelectMany(d => d.Meetings).ToList();
        var byBuyers = documents.Where(d => d.Kind == ParticipantKind.Buyer).SelectMany(d => d.Meetings).ToList();
        Assert.Equal(completed.Metrics!.MeetingsScheduled, byExhibitors.Count);
        Assert.True(byExhibitors.Count > 0);
        Assert.Equal(byExhibitors.OrderBy(m => (m.ExhibitorId, m.BuyerId)), byBuyers.OrderBy(m => (m.ExhibitorId, m.BuyerId)), MeetingComparer.Instance);
        var first = byExhibitors.MinBy(m => m.Slot)!;
        Assert.Equal($"Company {first.ExhibitorId}", first.ExhibitorCompany);
        Assert.Equal($"Buyer {first.BuyerId}", first.BuyerCompany);
        Assert.Equal(new DateOnly(2026, 5, 20), first.Day);
        Assert.Equal(new TimeOnly(9, 0).AddMinutes(20 * first.Slot), first.Start);
        Assert.Equal(first.Start.AddMinutes(20), first.End);
        Assert.Equal(0, first.Sequence);
        Assert.All(byExhibitors, m => Assert.Equal(m.Score, m.Reasons.Sum(r => r.Points), 9));

        var status = (await hub.GetRunAsync(runId)).Json;
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.False(status.GetProperty("published").GetBoolean());
        Assert.Equal(completed.Metrics.MeetingsScheduled, status.GetProperty("metrics").GetProperty("meetingsScheduled").GetInt32());
        Assert.Equal(0, status.GetProperty("moved").GetInt32());
        Assert.Equal("done", status.GetProperty("progress").GetProperty("stage").GetString());
        // run.completed is published, and kept for nobody: no subscription of matchmaking takes it.
        Assert.False(await hub.BusHoldsAsync(Hub.Contracts.Matchmaking.MatchmakingRunCompletedData.IdFor(RunsHub.ExpoId, runId, 1)));
    }

    [Fact]
    public async Task while_its_meetings_are_being_written_the_status_names_no_partition()
    {
        PausingStore? pausing = null;
        await using var hub = new RunsHub(store: s => pausing = new PausingStore(s), writeBatchSize: 2);
        await hub.SeedExpoAsync(exhibitors: 3, buyers: 4);
        var runId = await hub.RequestRunAsync();
        hub.StartEngine();

        await pausing!.Paused.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var partition = MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 1);
        // Half the documents are in the store: the first batch is written, the second waits.
        Assert.Equal(2, (await hub.MeetingsAsync(partition)).Count);
        var midway = await hub.WaitForAsync(runId, r => r.Progress?.Stage == "storing", "storing");
        Assert.Equal(MatchmakingRunStatuses.Running, midway.Status);
        Assert.Null(midway.ResultPartition);
        Assert.False((await hub.GetRunAsync(runId)).Json.TryGetProperty("resultPartition", out _));

        pausing.Go();
        var completed = await hub.WaitForStatusAsync(runId, MatchmakingRunStatuses.Completed);
        Assert.Equal(partition, completed.ResultPartition);
        Assert.Equal(7, (await hub.MeetingsAsync(partition)).Count);
    }

    [Fact]
    public async Task a_redelivered_request_for_a_completed_run_changes_nothing()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync();
        var runId = await hub.RequestRunAsync();
        hub.StartEngine();
        var completed = await hub.WaitForStatusAsync(runId, MatchmakingRunStatuses.Completed);
        var before = await hub.Store.GetAsync(ReadStoreContainers.MatchmakingRuns, RunsHub.ExpoId, runId, Ct);
        var meetingsBefore = await hub.MeetingsAsync(completed.ResultPartition!);

        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 2), Ct);

        var after = await hub.Store.GetAsync(ReadStoreContainers.MatchmakingRuns, RunsHub.ExpoId, runId, Ct);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(before.Json, after.Json);
        Assert.Equal(meetingsBefore.Count, (await hub.MeetingsAsync(completed.ResultPartition!)).Count);
        Assert.Empty(await hub.MeetingsAsync(MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 2)));
    }

    [Fact]
    public async Task a_run_cut_off_mid_write_and_delivered_again_completes_as_a_new_attempt_and_the_half_written_partition_is_never_named()
    {
        PausingStore? pausing = null;
        await using var hub = new RunsHub(store: s => pausing = new PausingStore(s), writeBatchSize: 2);
        await hub.SeedExpoAsync(exhibitors: 3, buyers: 4);
        var runId = await hub.RequestRunAsync();

        // The process dies while writing: the handler is cut off mid-way, its request not completed.
        using var death = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var dying = hub.Handler.HandleAsync(RunsHub.Request(runId, 1), death.Token);
        await pausing!.Paused.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);

        var abandoned = MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 1);
        var dead = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run;
        Assert.Equal(MatchmakingRunStatuses.Running, dead.Status);
        Assert.Null(dead.ResultPartition);
        Assert.Equal(2, (await hub.MeetingsAsync(abandoned)).Count);

        // The request is delivered again after the restart.
        pausing.Pausing = false;
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);

        var completed = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run;
        Assert.Equal(MatchmakingRunStatuses.Completed, completed.Status);
        Assert.Equal(2, completed.Attempt);
        Assert.Equal(MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 2), completed.ResultPartition);
        Assert.Equal(7, (await hub.MeetingsAsync(completed.ResultPartition!)).Count);
        Assert.Empty(await hub.MeetingsAsync(abandoned));
    }

    [Fact]
    public async Task a_bus_that_refuses_run_completed_leaves_the_run_completed_and_the_redelivered_request_publishes_it()
    {
        RefusingBus? refusing = null;
        await using var hub = new RunsHub(bus: b => refusing = new RefusingBus(b, Hub.Contracts.Matchmaking.MatchmakingEventTypes.RunCompleted));
        await hub.SeedExpoAsync();
        var runId = await hub.RequestRunAsync();

        await Assert.ThrowsAsync<Hub.Core.Events.EventBusUnavailableException>(() => hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct));

        var stored = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!;
        Assert.Equal(MatchmakingRunStatuses.Completed, stored.Run.Status);
        Assert.Equal(MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 1), stored.Run.ResultPartition);
        refusing!.Refusing = false;
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);
        Assert.Contains(Hub.Contracts.Matchmaking.MatchmakingRunCompletedData.IdFor(RunsHub.ExpoId, runId, 1), refusing.Published);
        Assert.Equal(stored.ETag, (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.ETag);
    }

    [Fact]
    public async Task the_list_shows_the_expos_runs_newest_first()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync();
        var first = await hub.RequestRunAsync();
        await Task.Delay(5, Ct);
        var second = await hub.RequestRunAsync();

        var listed = (await hub.ListRunsAsync(RunsHub.ReaderKey)).Json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("runId").GetString()).ToList();

        Assert.Equal([second, first], listed);
    }

    private sealed class MeetingComparer : IEqualityComparer<MeetingEntry>
    {
        public static MeetingComparer Instance { get; } = new();

        public bool Equals(MeetingEntry? x, MeetingEntry? y) =>
            x is not null && y is not null && x.ExhibitorId == y.ExhibitorId && x.BuyerId == y.BuyerId && x.Slot == y.Slot && x.Table == y.Table
            && x.Score == y.Score && x.Sequence == y.Sequence;

        public int GetHashCode(MeetingEntry obj) => HashCode.Combine(obj.ExhibitorId, obj.BuyerId, obj.Slot);
    }
}
