using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.ReadStore;

/// <summary>What only SQLite adds to the read-store contract (when_the_read_store_is_sqlite runs the contract itself).</summary>
public sealed class when_documents_are_written : IAsyncDisposable
{
    private const string Container = "orders";

    private readonly EmbeddedHub _hub = new();
    private readonly SqliteReadStore _store;

    public when_documents_are_written() => _store = _hub.ReadStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task the_same_id_in_another_partition_or_container_is_another_document()
    {
        await _store.UpsertAsync(Container, "p1", "o1", """{"n":1}""", WriteCondition.Always, Ct);
        await _store.UpsertAsync(Container, "p2", "o1", """{"n":2}""", WriteCondition.Always, Ct);
        await _store.UpsertAsync("stock", "p1", "o1", """{"n":3}""", WriteCondition.Always, Ct);

        Assert.Equal("""{"n":1}""", (await _store.GetAsync(Container, "p1", "o1", Ct))?.Json);
        Assert.Equal("""{"n":2}""", (await _store.GetAsync(Container, "p2", "o1", Ct))?.Json);
        Assert.Equal("""{"n":3}""", (await _store.GetAsync("stock", "p1", "o1", Ct))?.Json);
    }

    [Fact]
    public async Task documents_survive_a_restart()
    {
        var written = await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.Always, Ct);

        await _hub.RestartAsync();

        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"v":1}""", written.ETag!),
            await _hub.ReadStore().GetAsync(Container, "p1", "o1", Ct));
        Assert.True(await _hub.ReadStore().IsReachableAsync(Ct));
    }
}
