using Hub.Contracts;
using Hub.Core.Events;
using Hub.ReadStore.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.ReadStore;

public static class OrderReadStoreServices
{
    /// <summary>The order projection and the order query routes' logic.</summary>
    public static IServiceCollection AddOrderReadStore(this IServiceCollection services)
    {
        services.AddSingleton<OrderProjection>();
        services.AddSingleton<OrderQueryEndpoints>();
        services.AddEventHandler<OrderProjection>(Consumers.ProjectOrder, (p, e, ct) => p.HandleAsync(e, ct));
        return services;
    }
}
