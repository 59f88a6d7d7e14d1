using Hub.Matchmaking.Runs;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary>
/// Every five minutes, requests every matchmaking run whose request was lost (<see cref="MatchmakingRunSweep"/>): a run left
/// queued when the bus could not take its request, a run that died unseen, a retry never scheduled.
/// </summary>
public sealed class SweepMatchmakingRuns(MatchmakingRunSweep sweep)
{
    [Function(nameof(SweepMatchmakingRuns))]
    public Task<int> RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.SweepOnceAsync(cancellationToken);
}
