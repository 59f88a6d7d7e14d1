using Hub.Contracts;
using Hub.Core.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.PartnerFeeds.ReadSide;

public static class PartnerFeedsReadSideServices
{
    /// <summary>
    /// What the read-store Functions app serves of partner feeds, and Standalone with it: the <c>partner.record</c>
    /// projection (consumer <see cref="Consumers.ProjectPartnerRecord"/>) and the feeds, records and quarantine read routes.
    /// </summary>
    public static IServiceCollection AddPartnerFeedsReadSide(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PartnerRecordProjection>();
        services.TryAddSingleton<PartnerAccess>();
        services.TryAddSingleton<PartnerQueryEndpoints>();
        services.AddEventHandler<PartnerRecordProjection>(Consumers.ProjectPartnerRecord, (p, e, ct) => p.HandleAsync(e, ct));
        return services;
    }
}
