using Hub.Contracts;
using Hub.Core.Events;
using Hub.PartnerFeeds.Client;
using Hub.PartnerFeeds.Inbound;
using Hub.PartnerFeeds.Outbound;
using Hub.PartnerFeeds.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.PartnerFeeds;

public static class PartnerPushServices
{
    /// <summary>
    /// Pushes in and out: the partner-events route's logic (<see cref="PartnerEventsEndpoint"/>) and the
    /// <c>orders/partner-push</c> consumer (<see cref="OrderPushHandler"/>), with the partner clients they share with the sync.
    /// </summary>
    public static IServiceCollection AddPartnerPushes(this IServiceCollection services)
    {
        services.AddPartnerClients();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PartnerQuarantine>();
        services.AddSingleton<PartnerEventsHandler>();
        services.AddSingleton<PartnerEventsEndpoint>();
        services.AddSingleton<OrderPushHandler>();
        services.AddEventHandler<OrderPushHandler>(Consumers.PushOrderToPartner, (h, e, ct) => h.HandleAsync(e, ct));
        return services;
    }
}
