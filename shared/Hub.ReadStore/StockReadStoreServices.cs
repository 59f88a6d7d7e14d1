using Hub.Contracts;
using Hub.Core.Events;
using Hub.ReadStore.Stock;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.ReadStore;

public static class StockReadStoreServices
{
    /// <summary>The stock-level projection and the stock routes' logic.</summary>
    public static IServiceCollection AddStockReadStore(this IServiceCollection services)
    {
        services.AddSingleton<StockLevelProjection>();
        services.AddSingleton<StockQueryEndpoints>();
        services.AddEventHandler<StockLevelProjection>(Consumers.ProjectStock, (p, e, ct) => p.HandleAsync(e, ct));
        return services;
    }
}
