using Hub.Contracts;
using Hub.Contracts.Matchmaking;
using Hub.Matchmaking.Runs;
using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Matchmaking.Tests.Runs;

public sealed class when_a_matchmaking_run_fails
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_run_whose_buyers_all_cancelled_before_it_ran_fails_with_the_reason_and_is_not_retried()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors: 2, buyers: 2);
        var runId = await hub.RequestRunAsync();
        await hub.CancelAsync("b-1");
        await hub.CancelAsync("b-2");

        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);

        var failed = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run;
        Assert.Equal(MatchmakingRunStatuses.Failed, failed.Status);
        Assert.Equal("expo has no active buyers", failed.Error);
        Assert.Null(failed.RetryAt);
        Assert.Null(failed.ResultPartition);
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, runId, 2)));
        Assert.Equal("expo has no active buyers", (await hub.GetRunAsync(runId)).Json.GetProperty("error").GetString());

        // Delivered again, the request finds a run that failed on its data: nothing is retried.
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, runId, 2)));
    }

    [Fact]
    public async Task a_fault_of_the_hub_fails_the_run_requests_its_retry_for_later_and_the_retry_completes_it()
    {
        var scheduler = new FaultyScheduler(new MeetingScheduler());
        await using var hub = new RunsHub(scheduler);
        await hub.SeedExpoAsync();
        var runId = await hub.RequestRunAsync();

        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);

        var failed = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run;
        Assert.Equal(MatchmakingRunStatuses.Failed, failed.Status);
        Assert.Contains("the solver lost its way", failed.Error, StringComparison.Ordinal);
        Assert.NotNull(failed.RetryAt);
        Assert.True(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, runId, 2)));
        // A stale delivery of attempt 1 does not run the failed run again.
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);
        Assert.Equal(1, (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run.Attempt);

        scheduler.Failing = false;
        hub.StartEngine();
        var completed = await hub.WaitForStatusAsync(runId, MatchmakingRunStatuses.Completed);

        Assert.Equal(2, completed.Attempt);
        Assert.Null(completed.Error);
        Assert.Null(completed.RetryAt);
        Assert.Equal(MatchmakingRun.PartitionOf(RunsHub.ExpoId, runId, 2), completed.ResultPartition);
    }

    [Fact]
    public async Task a_fault_on_the_last_attempt_is_not_retried()
    {
        await using var hub = new RunsHub(new FaultyScheduler(new MeetingScheduler()));
        await hub.SeedExpoAsync();
        var runId = await hub.RequestRunAsync();

        for (var attempt = 1; attempt <= MatchmakingRunRequests.MaxAttempts; attempt++)
            await hub.Handler.HandleAsync(RunsHub.Request(runId, attempt), Ct);

        var failed = (await hub.Runs.GetAsync(RunsHub.ExpoId, runId, Ct))!.Run;
        Assert.Equal(MatchmakingRunStatuses.Failed, failed.Status);
        Assert.Equal(MatchmakingRunRequests.MaxAttempts, failed.Attempt);
        Assert.Null(failed.RetryAt);
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, runId, MatchmakingRunRequests.MaxAttempts + 1)));
    }

    [Fact]
    public async Task the_sweep_requests_a_run_left_queued_running_or_awaiting_its_retry_past_its_time_and_leaves_fresh_refused_and_completed_ones()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync();
        // Stored without their requests, as after a crash between the two (or a bus that could not take them).
        var now = DateTimeOffset.UtcNow;
        var (queued, running, completed) = ("run-queued", "run-running", "run-completed");
        await hub.Runs.CreateAsync(new MatchmakingRun(RunsHub.ExpoId, queued, MatchmakingRunStatuses.Queued, now, PreserveExisting: false), Ct);
        await hub.Runs.CreateAsync(new MatchmakingRun(RunsHub.ExpoId, running, MatchmakingRunStatuses.Running, now, PreserveExisting: false,
            Attempt: 1, StartedAt: now), Ct);
        await hub.Runs.CreateAsync(new MatchmakingRun(RunsHub.ExpoId, completed, MatchmakingRunStatuses.Completed, now, PreserveExisting: false,
            Attempt: 1, StartedAt: now, CompletedAt: now, ResultPartition: MatchmakingRun.PartitionOf(RunsHub.ExpoId, completed, 1)), Ct);
        var (retrying, refused) = ("run-retrying", "run-refused");
        await hub.Runs.CreateAsync(new MatchmakingRun(RunsHub.ExpoId, retrying, MatchmakingRunStatuses.Failed, now, PreserveExisting: false,
            Attempt: 1, StartedAt: now, CompletedAt: now, Error: "a fault", RetryAt: now + TimeSpan.FromMinutes(2)), Ct);
        await hub.Runs.CreateAsync(new MatchmakingRun(RunsHub.ExpoId, refused, MatchmakingRunStatuses.Failed, now, PreserveExisting: false,
            Attempt: 1, StartedAt: now, CompletedAt: now, Error: "expo has no active buyers"), Ct);
        var options = Options.Create(new MatchmakingRunOptions { SweepAfter = TimeSpan.FromMinutes(2) });
        var clock = new FakeTimeProvider(now);
        var sweep = new MatchmakingRunSweep(hub.Runs, hub.Service<MatchmakingRunRequests>(), clock, options, NullLogger<MatchmakingRunSweep>.Instance);

        Assert.Equal(0, await sweep.SweepOnceAsync(Ct));
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, queued, 1)));

        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await sweep.SweepOnceAsync(Ct));
        Assert.True(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, queued, 1)));
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, retrying, 2)));

        // Past its retry time and the grace: the retry whose request was lost is requested.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await sweep.SweepOnceAsync(Ct));
        Assert.True(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, retrying, 2)));
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, refused, 2)));

        clock.Advance(Consumers.RunMatchmaking.LongestRun);
        Assert.Equal(3, await sweep.SweepOnceAsync(Ct));
        // The running run's request is for its current attempt: the handler takes that as "the run died" and runs it anew.
        Assert.True(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, running, 1)));
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, completed, 1)));
        Assert.False(await hub.BusHoldsAsync(MatchmakingRunRequested.IdFor(RunsHub.ExpoId, completed, 2)));
    }
}
