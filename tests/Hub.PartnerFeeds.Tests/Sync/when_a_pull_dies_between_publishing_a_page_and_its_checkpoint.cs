using Hub.Contracts;
using Hub.Core.Storage;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// The process dies after a page's records are published and before the checkpoint moves past them (here: every write of the
/// feed's state fails from then on, as nothing more is written by a dead process). The lease lapses, the request is delivered
/// again, and the next pull reads that page again: the same records under the same CloudEvent ids, which change nothing in the
/// read store. Nothing is lost.
/// </summary>
public sealed class when_a_pull_dies_between_publishing_a_page_and_its_checkpoint
{
    [Fact]
    public async Task the_page_is_published_again_under_the_same_ids_and_the_read_store_changes_nothing()
    {
        var items = FeedPartner.Shipments(1_200);
        await using var partner = await FeedPartner.StartAsync(items);
        DyingStore? dying = null;
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl), store => dying = new DyingStore(store, deathAtCursor: FeedPartner.Cursor(900)));
        hub.Start();

        await hub.RequestPullAsync();
        await dying!.Died.WaitAsync(TimeSpan.FromSeconds(30), SyncHub.Ct);
        dying.Revive();
        var state = await hub.WaitForSyncAsync();

        // The page at 600 was published, then its checkpoint never written: it was delivered twice, under one id per record.
        hub.AssertSyncedExactly(items, exactlyOnce: false);
        var twice = hub.Synced.Where(s => s.Value.Count == 2).Select(s => s.Key).Order().ToList();
        Assert.Equal(Enumerable.Range(600, 300).Select(i => $"r-{i:D5}"), twice);
        Assert.All(hub.Synced.Values, deliveries => Assert.Single(deliveries.Select(d => d.EventId).Distinct()));
        Assert.Equal(items.Count, hub.ProjectedWrites);
        Assert.Equal(FeedPartner.Cursor(900), state.Cursor);
        Assert.Equal(2, partner.PageRequests.Count(r => r.Offset == 600));
    }

    /// <summary>The read store of a process that dies at the write that would move the checkpoint to <c>deathAtCursor</c>.</summary>
    private sealed class DyingStore(IReadStore inner, string deathAtCursor) : IReadStore
    {
        private readonly TaskCompletionSource died = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool dead;
        private volatile bool revived;

        public Task Died => died.Task;

        public void Revive()
        {
            revived = true;
            dead = false;
        }

        public Task<WriteOutcome> UpsertAsync(string container, string partitionKey, string id, string json, WriteCondition condition, CancellationToken cancellationToken = default)
        {
            if (container == ReadStoreContainers.PartnerFeeds && !revived && json.Contains($"\"cursor\":\"{deathAtCursor}\"", StringComparison.Ordinal))
            {
                dead = true;
                died.TrySetResult();
            }
            if (dead && container == ReadStoreContainers.PartnerFeeds) throw new IOException("The process is dead.");
            return inner.UpsertAsync(container, partitionKey, id, json, condition, cancellationToken);
        }

        public Task<StoredDocument?> GetAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default) =>
            inner.GetAsync(container, partitionKey, id, cancellationToken);

        public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(container, partitionKey, id, cancellationToken);

        public Task<DocumentPage> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<int> UpsertNewerAsync(string container, IReadOnlyList<VersionedDocument> documents, CancellationToken cancellationToken = default) =>
            inner.UpsertNewerAsync(container, documents, cancellationToken);

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => inner.IsReachableAsync(cancellationToken);
    }
}
