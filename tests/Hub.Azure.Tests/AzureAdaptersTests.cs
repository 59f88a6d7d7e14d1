using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Hub.Azure.Blobs;
using Hub.Azure.Messaging;
using Hub.Azure.ReadStore;
using Hub.Core.Events;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Azure.Tests;

public sealed class AzureAdaptersTests
{
    private static readonly Dictionary<string, string?> IdentitySettings = new()
    {
        ["ServiceBus:fullyQualifiedNamespace"] = "hub-test.servicebus.windows.net",
        ["Cosmos:accountEndpoint"] = "https://hub-test.documents.azure.com:443/",
        ["Cosmos:databaseName"] = "hub",
        ["Blobs:serviceUri"] = "https://hubtest.blob.core.windows.net",
    };

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAzureAdapters(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task identity_based_settings_give_every_port_its_azure_adapter()
    {
        await using var services = Build(IdentitySettings);

        Assert.IsType<ServiceBusEventBus>(services.GetRequiredService<IEventBus>());
        Assert.IsType<ServiceBusDeadLetters>(services.GetRequiredService<IDeadLetters>());
        Assert.IsType<CosmosReadStore>(services.GetRequiredService<IReadStore>());
        Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.IsType<global::Azure.Identity.DefaultAzureCredential>(services.GetRequiredService<TokenCredential>());
        Assert.Equal("hub-test.servicebus.windows.net", services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Equal(new Uri("https://hub-test.documents.azure.com:443/"), services.GetRequiredService<CosmosClient>().Endpoint);
        Assert.Equal("hubtest", services.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Fact]
    public async Task delivery_ids_expire_in_cosmos_after_the_configured_retention_window()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(IdentitySettings).Build();
        await using var services = new ServiceCollection().AddLogging()
            .Configure<Hub.Core.RetentionOptions>(o => o.DeliveryIds = TimeSpan.FromHours(6))
            .AddAzureAdapters(configuration).BuildServiceProvider();

        var store = Assert.IsType<CosmosReadStore>(services.GetRequiredService<IReadStore>());

        Assert.Equal(6 * 3600, store.TimeToLive(Hub.Core.Idempotency.ReadStoreIdempotencyStore.Container));
        Assert.Null(store.TimeToLive(Hub.Contracts.ReadStoreContainers.StockLevels));
    }

    [Fact]
    public async Task a_blob_connection_string_wins_over_the_service_uri()
    {
        await using var services = Build(new Dictionary<string, string?>(IdentitySettings)
        {
            ["Blobs:connectionString"] = "UseDevelopmentStorage=true",
        });

        Assert.Equal("devstoreaccount1", services.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Theory]
    [InlineData("ServiceBus:fullyQualifiedNamespace")]
    [InlineData("Cosmos:accountEndpoint")]
    [InlineData("Cosmos:databaseName")]
    [InlineData("Blobs:serviceUri")]
    public async Task a_missing_setting_fails_validation(string missing)
    {
        var settings = new Dictionary<string, string?>(IdentitySettings);
        settings.Remove(missing);
        await using var services = Build(settings);

        var validations = services.GetServices<IStartupValidator>().ToList();

        Assert.Throws<OptionsValidationException>(() => validations.ForEach(v => v.Validate()));
    }
}
