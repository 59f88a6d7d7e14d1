using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.ReadStore;

public sealed class when_documents_are_written : IAsyncDisposable
{
    private const string Container = "orders";

    private readonly EmbeddedHub _hub = new();
    private readonly SqliteReadStore _store;

    public when_documents_are_written() => _store = _hub.ReadStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task an_upsert_is_read_back_with_an_etag_that_changes_on_every_write()
    {
        Assert.Null(await _store.GetAsync(Container, "p1", "o1", Ct));

        var first = await _store.UpsertAsync(Container, "p1", "o1", """{"status":"received"}""", WriteCondition.Always, Ct);
        var read = await _store.GetAsync(Container, "p1", "o1", Ct);
        var second = await _store.UpsertAsync(Container, "p1", "o1", """{"status":"shipped"}""", WriteCondition.Always, Ct);
        var reread = await _store.GetAsync(Container, "p1", "o1", Ct);

        Assert.True(first.Succeeded);
        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"status":"received"}""", first.ETag!), read);
        Assert.True(second.Succeeded);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"status":"shipped"}""", second.ETag!), reread);
    }

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
    public async Task if_match_with_the_current_etag_writes()
    {
        var written = await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.Always, Ct);

        var outcome = await _store.UpsertAsync(Container, "p1", "o1", """{"v":2}""", WriteCondition.IfMatch(written.ETag!), Ct);

        Assert.True(outcome.Succeeded);
        Assert.NotEqual(written.ETag, outcome.ETag);
        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"v":2}""", outcome.ETag!), await _store.GetAsync(Container, "p1", "o1", Ct));
    }

    [Fact]
    public async Task if_match_with_a_stale_etag_fails_and_changes_nothing()
    {
        var stale = await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.Always, Ct);
        var current = await _store.UpsertAsync(Container, "p1", "o1", """{"v":2}""", WriteCondition.Always, Ct);

        var outcome = await _store.UpsertAsync(Container, "p1", "o1", """{"v":3}""", WriteCondition.IfMatch(stale.ETag!), Ct);

        Assert.Equal(WriteOutcome.ConditionFailed, outcome);
        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"v":2}""", current.ETag!), await _store.GetAsync(Container, "p1", "o1", Ct));
    }

    [Fact]
    public async Task if_match_on_a_missing_document_fails_and_creates_nothing()
    {
        var outcome = await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.IfMatch("\"1\""), Ct);

        Assert.Equal(WriteOutcome.ConditionFailed, outcome);
        Assert.Null(await _store.GetAsync(Container, "p1", "o1", Ct));
    }

    [Fact]
    public async Task not_exists_creates_a_new_document_but_fails_when_it_exists()
    {
        var created = await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.NotExists, Ct);

        var again = await _store.UpsertAsync(Container, "p1", "o1", """{"v":2}""", WriteCondition.NotExists, Ct);

        Assert.True(created.Succeeded);
        Assert.Equal(WriteOutcome.ConditionFailed, again);
        Assert.Equal(new StoredDocument(Container, "p1", "o1", """{"v":1}""", created.ETag!), await _store.GetAsync(Container, "p1", "o1", Ct));
    }

    [Fact]
    public async Task a_deleted_document_is_gone_and_deleting_it_again_returns_false()
    {
        await _store.UpsertAsync(Container, "p1", "o1", """{"v":1}""", WriteCondition.Always, Ct);
        await _store.UpsertAsync(Container, "p1", "o2", """{"v":1}""", WriteCondition.Always, Ct);

        Assert.True(await _store.DeleteAsync(Container, "p1", "o1", Ct));

        Assert.Null(await _store.GetAsync(Container, "p1", "o1", Ct));
        Assert.NotNull(await _store.GetAsync(Container, "p1", "o2", Ct));
        Assert.False(await _store.DeleteAsync(Container, "p1", "o1", Ct));
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
