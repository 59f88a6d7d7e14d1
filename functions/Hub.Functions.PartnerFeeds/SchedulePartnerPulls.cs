using Hub.PartnerFeeds.Sync;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary>
/// Every minute, requests a pull of every feed whose cron schedule came due (<see cref="PartnerPullScheduler"/>). Every
/// instance of the app may tick; each occurrence is requested once.
/// </summary>
public sealed class SchedulePartnerPulls(PartnerPullScheduler scheduler, TimeProvider time)
{
    [Function(nameof(SchedulePartnerPulls))]
    public Task<int> RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.TickAsync(time.GetUtcNow(), cancellationToken);
}
