using Hub.Azure.ReadStore;
using Hub.Core.Storage;
using Hub.Testing.Contracts;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.Tests.Live;

/// <summary>A database of its own (<c>hub-tests</c>) with a container per test class, deleted afterwards.</summary>
public sealed class CosmosLiveFixture : IAsyncLifetime
{
    private CosmosClient? _client;

    public string ContainerName { get; } = $"read-store-{Guid.NewGuid():N}";

    public Database? Database { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (LiveSettings.Read(LiveSettings.CosmosVariable) is not { } connectionString) return;
        _client = new CosmosClient(connectionString);
        Database = (await _client.CreateDatabaseIfNotExistsAsync("hub-tests")).Database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            using var _ = await Database.GetContainer(ContainerName).DeleteContainerStreamAsync();
        }
        _client?.Dispose();
    }
}

/// <summary>
/// The read-store contract against a real Cosmos DB account (<c>HUB_TEST_COSMOS</c>); each test is skipped without one.
/// What the SDK-boundary fake claims about Cosmos's id rules is checked here against the service itself.
/// </summary>
public sealed class when_the_read_store_is_a_live_cosmos_account(CosmosLiveFixture cosmos) : ReadStoreContract, IClassFixture<CosmosLiveFixture>
{
    private CosmosReadStore? _store;

    protected override IReadStore Store
    {
        get
        {
            LiveSettings.Require(LiveSettings.CosmosVariable);
            return _store ??= new CosmosReadStore(cosmos.Database!, createContainersIfMissing: true);
        }
    }

    protected override string Container => cosmos.ContainerName;
}
