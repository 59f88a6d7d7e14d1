using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Hub.Azure.Blobs;
using Hub.Azure.Messaging;
using Hub.Azure.ReadStore;
using Hub.Core;
using Hub.Core.Events;
using Hub.Core.Idempotency;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

[assembly: InternalsVisibleTo("Hub.Azure.Tests")]

namespace Hub.Azure;

public static class AzureAdapters
{
    /// <summary>
    /// Service Bus for <see cref="IEventBus"/> and <see cref="IDeadLetters"/>, Cosmos DB for <see cref="IReadStore"/> and
    /// Blob Storage for <see cref="IBlobStore"/>, idempotency records in the read store, all reached with <see cref="DefaultAzureCredential"/> (a host may register
    /// its own <see cref="TokenCredential"/> first). Settings are validated at start-up.
    /// </summary>
    public static IServiceCollection AddAzureAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        services.AddOptions<ServiceBusOptions>()
            .Bind(configuration.GetSection(ServiceBusOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CosmosOptions>()
            .Bind(configuration.GetSection(CosmosOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BlobStorageOptions>()
            .Bind(configuration.GetSection(BlobStorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || Uri.TryCreate(o.ServiceUri, UriKind.Absolute, out _),
                "Blobs:serviceUri (an absolute URI) or Blobs:connectionString is required.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => new ServiceBusClient(
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.FullyQualifiedNamespace,
            sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton<IEventBus>(sp => new ServiceBusEventBus(
            sp.GetRequiredService<ServiceBusClient>(),
            sp.GetRequiredService<ILogger<ServiceBusEventBus>>(),
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.MaxConcurrency));
        services.TryAddSingleton<IDeadLetters>(sp => new ServiceBusDeadLetters(sp.GetRequiredService<ServiceBusClient>()));

        services.TryAddSingleton(sp => new CosmosClient(
            sp.GetRequiredService<IOptions<CosmosOptions>>().Value.AccountEndpoint,
            sp.GetRequiredService<TokenCredential>(),
            new CosmosClientOptions { ApplicationName = "trade-hub" }));
        // Delivery ids expire by Cosmos TTL after the same Hub:Retention:DeliveryIds window Standalone's store keeps them.
        services.TryAddSingleton<IReadStore>(sp => new CosmosReadStore(
            sp.GetRequiredService<CosmosClient>().GetDatabase(sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName),
            lifetimes: new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
            {
                [ReadStoreIdempotencyStore.Container] = sp.GetRequiredService<IOptions<RetentionOptions>>().Value.DeliveryIds,
            }));
        services.TryAddSingleton<IIdempotencyStore>(sp => new ReadStoreIdempotencyStore(sp.GetRequiredService<IReadStore>()));

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(new Uri(options.ServiceUri!), sp.GetRequiredService<TokenCredential>())
                : new BlobServiceClient(options.ConnectionString);
        });
        services.TryAddSingleton<IBlobStore>(sp => new AzureBlobStore(sp.GetRequiredService<BlobServiceClient>()));
        return services;
    }
}
