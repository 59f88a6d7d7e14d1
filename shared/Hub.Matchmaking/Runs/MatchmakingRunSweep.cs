using Hub.Contracts;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Runs;

/// <summary>
/// Finds runs whose request was lost and requests them again: a run left <c>queued</c> (the bus could not take its request,
/// or a crash came between storing it and publishing), one left <c>running</c> past the engine consumer's longest run (its
/// run died and nothing redelivered it), one left <c>failed</c> with a promised retry past its time. Run on a timer in both
/// hosts (Standalone: <see cref="MatchmakingRunSweepService"/>; Azure: the SweepMatchmakingRuns function).
/// </summary>
/// <remarks>
/// A request already waiting in the bus is not doubled: requests are published under an id per run and attempt, and the bus
/// keeps one of each. One delivered after its run settled runs nothing.
/// </remarks>
public sealed class MatchmakingRunSweep(
    MatchmakingRunStore runs, MatchmakingRunRequests requests, TimeProvider clock, IOptions<MatchmakingRunOptions> options, ILogger<MatchmakingRunSweep> logger)
{
    /// <summary>Requests every run the sweep finds (see the class); returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.SweepAfter;
        var requested = 0;
        var found = await runs.InStatusAsync([MatchmakingRunStatuses.Queued, MatchmakingRunStatuses.Running, MatchmakingRunStatuses.Failed], cancellationToken)
            .ConfigureAwait(false);
        foreach (var run in found)
        {
            int? attempt = run.Status switch
            {
                MatchmakingRunStatuses.Queued when run.RequestedAt + grace <= now => run.Attempt + 1,
                MatchmakingRunStatuses.Running when (run.StartedAt ?? run.RequestedAt) + Consumers.RunMatchmaking.LongestRun + grace <= now => run.Attempt,
                MatchmakingRunStatuses.Failed when run.RetryAt is { } at && at + grace <= now => run.Attempt + 1,
                _ => null,
            };
            if (attempt is not { } due) continue;
            logger.LogWarning("Matchmaking run {RunId} of expo {ExpoId} is {Status} (attempt {Attempts}) with no run seen since; requesting attempt {Attempt}",
                run.RunId, run.ExpoId, run.Status, run.Attempt, due);
            await requests.RequestAsync(run, due, now, cancellationToken).ConfigureAwait(false);
            requested++;
        }
        return requested;
    }
}

/// <summary>Standalone: <see cref="MatchmakingRunSweep"/> at start and then every <see cref="MatchmakingRunOptions.SweepInterval"/>.</summary>
public sealed class MatchmakingRunSweepService(MatchmakingRunSweep sweep, IOptions<MatchmakingRunOptions> options, ILogger<MatchmakingRunSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                await sweep.SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The matchmaking run sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
