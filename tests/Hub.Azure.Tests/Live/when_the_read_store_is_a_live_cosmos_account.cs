using Hub.Azure.ReadStore;
using Hub.Core.Storage;
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

public sealed class CosmosReadStoreLiveTests(CosmosLiveFixture cosmos) : IClassFixture<CosmosLiveFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CosmosReadStore Store()
    {
        LiveSettings.Require(LiveSettings.CosmosVariable);
        return new CosmosReadStore(cosmos.Database!, createContainersIfMissing: true);
    }

    [Fact]
    public async Task a_document_round_trips_with_etag_concurrency()
    {
        var store = Store();
        var id = $"o-{Guid.NewGuid():N}";

        var created = await store.UpsertAsync(cosmos.ContainerName, "p1", id, """{"id":"own","status":"received"}""", WriteCondition.NotExists, Ct);
        var again = await store.UpsertAsync(cosmos.ContainerName, "p1", id, "{}", WriteCondition.NotExists, Ct);
        var read = await store.GetAsync(cosmos.ContainerName, "p1", id, Ct);
        var updated = await store.UpsertAsync(cosmos.ContainerName, "p1", id, """{"status":"shipped"}""", WriteCondition.IfMatch(created.ETag!), Ct);
        var stale = await store.UpsertAsync(cosmos.ContainerName, "p1", id, """{"status":"lost"}""", WriteCondition.IfMatch(created.ETag!), Ct);

        Assert.True(created.Succeeded);
        Assert.Equal(WriteOutcome.ConditionFailed, again);
        Assert.Equal("""{"id":"own","status":"received"}""", read?.Json);
        Assert.Equal(created.ETag, read?.ETag);
        Assert.True(updated.Succeeded);
        Assert.Equal(WriteOutcome.ConditionFailed, stale);
        Assert.Equal("""{"status":"shipped"}""", (await store.GetAsync(cosmos.ContainerName, "p1", id, Ct))?.Json);
        Assert.True(await store.DeleteAsync(cosmos.ContainerName, "p1", id, Ct));
        Assert.Null(await store.GetAsync(cosmos.ContainerName, "p1", id, Ct));
        Assert.False(await store.DeleteAsync(cosmos.ContainerName, "p1", id, Ct));
    }

    [Fact]
    public async Task a_filtered_query_pages_through_every_match_in_partition_and_id_order()
    {
        var store = Store();
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 7; i++)
        {
            var json = $$"""{"run":"{{run}}","buyer":{"country":"{{(i % 2 == 0 ? "DE" : "FR")}}"},"amount":{{i * 10}}}""";
            await store.UpsertAsync(cosmos.ContainerName, $"p{i % 3}", $"o{i}-{run}", json, WriteCondition.Always, Ct);
        }
        var query = new DocumentQuery(cosmos.ContainerName)
        {
            Filters = [DocumentFilter.Eq("run", run), DocumentFilter.Eq("buyer.country", "DE"), DocumentFilter.AtLeast("amount", 10L)],
            PageSize = 2,
        };

        var found = new List<StoredDocument>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(query with { ContinuationToken = token }, Ct);
            Assert.True(page.Items.Count <= 2);
            found.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal([("p0", $"o6-{run}"), ("p1", $"o4-{run}"), ("p2", $"o2-{run}")], found.Select(d => (d.PartitionKey, d.Id)));
    }

    [Fact]
    public async Task a_query_within_one_partition_sees_only_that_partition()
    {
        var store = Store();
        var run = Guid.NewGuid().ToString("N");
        await store.UpsertAsync(cosmos.ContainerName, "only", $"a-{run}", $$"""{"run":"{{run}}"}""", WriteCondition.Always, Ct);
        await store.UpsertAsync(cosmos.ContainerName, "other", $"b-{run}", $$"""{"run":"{{run}}"}""", WriteCondition.Always, Ct);

        var page = await store.QueryAsync(new DocumentQuery(cosmos.ContainerName) { PartitionKey = "only", Filters = [DocumentFilter.Eq("run", run)] }, Ct);

        Assert.Equal([$"a-{run}"], page.Items.Select(d => d.Id));
        Assert.True(await store.IsReachableAsync(Ct));
    }
}
