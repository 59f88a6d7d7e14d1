using Hub.Contracts;
using Hub.Core.Events;
using Hub.PartnerFeeds.Client;
using Hub.PartnerFeeds.Http;
using Hub.PartnerFeeds.Partners;
using Hub.PartnerFeeds.Records;
using Hub.PartnerFeeds.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.PartnerFeeds;

public static class PartnerFeedsServices
{
    /// <summary>
    /// The write side of partner feeds: the partner directory and clients (behind the network guard), the sync engine and its
    /// feed states, the puller's handler (<see cref="Consumers.PullPartnerFeed"/>), the scheduler's logic, the quarantine and
    /// its re-processor, and the operator's sync and re-process routes. Standalone adds <see cref="AddPartnerPullScheduler"/>.
    /// </summary>
    public static IServiceCollection AddPartnerFeeds(this IServiceCollection services)
    {
        // Once: a second registration of the puller's handler would stop Standalone (one handler per consumer row).
        if (services.Any(d => d.ServiceType == typeof(PartnerFeedSync))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PartnerSyncOptions>().BindConfiguration(PartnerSyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddPartnerClients();
        services.TryAddSingleton<PartnerDirectory>();
        services.TryAddSingleton<PartnerFeedStates>();
        services.TryAddSingleton<PartnerQuarantine>();
        services.TryAddSingleton<PartnerPullRequests>();
        services.TryAddSingleton<PartnerFeedSync>();
        services.TryAddSingleton<PullPartnerFeedHandler>();
        services.AddEventHandler<PullPartnerFeedHandler>(Consumers.PullPartnerFeed, (h, e, ct) => h.HandleAsync(e, ct));
        services.TryAddSingleton<PartnerPullScheduler>();
        services.TryAddSingleton<PartnerQuarantineReprocessor>();
        services.TryAddSingleton<PartnerSyncEndpoints>();
        return services;
    }

    /// <summary>Standalone: the feeds' schedules tick on a timer (Azure: the SchedulePartnerPulls function).</summary>
    public static IServiceCollection AddPartnerPullScheduler(this IServiceCollection services)
    {
        services.AddHostedService<PartnerPullSchedulerService>();
        return services;
    }
}
