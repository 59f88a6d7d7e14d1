using Hub.Orders.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Orders;

public static class OrderSyncServices
{
    /// <summary>OrderSync's handlers and endpoint logic; the host supplies the ports and the registry.</summary>
    public static IServiceCollection AddOrderSync(this IServiceCollection services)
    {
        services.AddSingleton<OrderWebhookHandler>();
        services.AddSingleton<OrderWebhookEndpoint>();
        return services;
    }
}
