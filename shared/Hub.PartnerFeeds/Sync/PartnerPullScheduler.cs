using Hub.Core.Scheduling;
using Hub.PartnerFeeds.Partners;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.PartnerFeeds.Sync;

/// <summary>
/// Requests a pull of every feed whose schedule (a cron expression in UTC) came due: once per occurrence, however many
/// instances tick (Azure: the SchedulePartnerPulls timer on every instance of the app; Standalone: <see cref="PartnerPullSchedulerService"/>).
/// Occurrences missed while nothing ticked are one pull, not many: a pull reads everything since the checkpoint anyway. A feed
/// never scheduled before is requested at its latest occurrence, so that a new feed syncs at the first tick.
/// </summary>
/// <remarks>
/// The occurrence is claimed first, in the feed's state under its ETag (<see cref="Model.PartnerFeedState.LastScheduledAt"/>),
/// and only the instance whose claim was written publishes; should the bus refuse, the claim is taken back for the next tick.
/// </remarks>
public sealed class PartnerPullScheduler(PartnerDirectory directory, PartnerFeedStates states, PartnerPullRequests requests, ILogger<PartnerPullScheduler> logger)
{
    /// <summary>Requests the pulls due at <paramref name="now"/>; returns how many.</summary>
    public async Task<int> TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requested = 0;
        foreach (var partner in directory.Partners)
        {
            if (IsPlaceholder(partner)) continue;
            foreach (var feed in partner.Feeds)
            {
                if (!CronSchedules.TryParse(feed.Schedule, out var cron)) continue;
                if (CronSchedules.LatestAtOrBefore(cron, now) is not { } occurrence) continue;

                DateTimeOffset? before = null;
                var claimed = await states.UpdateAsync(partner.Id, feed.Name, s =>
                {
                    if (s.LastScheduledAt >= occurrence) return null;
                    before = s.LastScheduledAt;
                    return s with { LastScheduledAt = occurrence };
                }, cancellationToken).ConfigureAwait(false);
                if (claimed is null) continue;

                try
                {
                    await requests.RequestAsync(partner.Id, feed.Name, PartnerPullRequests.Schedule, occurrence, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await states.UpdateAsync(partner.Id, feed.Name, s => s.LastScheduledAt == occurrence ? s with { LastScheduledAt = before } : null,
                        CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
                logger.LogInformation("Feed {Feed} of partner {PartnerId}: pull requested for its {Occurrence:o} occurrence", feed.Name, partner.Id, occurrence);
                requested++;
            }
        }
        return requested;
    }

    private readonly HashSet<string> _placeholdersLogged = new(StringComparer.Ordinal);

    // A partner whose URL is a placeholder (the sample registry's, outside the demo) is not configured: scheduling its feeds
    // would only fail every time. Said once per partner, so that an operator sees why its feeds never move.
    private bool IsPlaceholder(Core.Registry.PartnerRegistration partner)
    {
        if (!Uri.TryCreate(partner.BaseUrl, UriKind.Absolute, out var url) || !Http.PartnerUrlRules.IsPlaceholderHost(url)) return false;
        lock (_placeholdersLogged)
            if (_placeholdersLogged.Add(partner.Id))
                logger.LogWarning("Partner {PartnerId}'s base URL {BaseUrl} is a placeholder: its feeds are not scheduled until the registry names its real URL",
                    partner.Id, partner.BaseUrl);
        return true;
    }
}

/// <summary>Standalone: <see cref="PartnerPullScheduler.TickAsync"/> at start and then every <see cref="PartnerSyncOptions.SchedulerInterval"/>.</summary>
public sealed class PartnerPullSchedulerService(PartnerPullScheduler scheduler, TimeProvider time, IOptions<PartnerSyncOptions> options,
    ILogger<PartnerPullSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        do
        {
            try
            {
                await scheduler.TickAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The partner pull schedule failed; it ticks again in {Interval}", options.Value.SchedulerInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
