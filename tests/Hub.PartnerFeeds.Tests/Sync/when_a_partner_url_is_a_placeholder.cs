using Hub.PartnerFeeds.Sync;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// A partner whose base URL is a placeholder (<c>.invalid</c>, as the sample registry's outside the demo) is not configured: its
/// feeds are not scheduled, and a pull requested anyway fails once with the reason in the feed's state, without retries.
/// </summary>
public sealed class when_a_partner_url_is_a_placeholder : IAsyncDisposable
{
    private static readonly Uri Placeholder = new("https://my-ewtp.partners.invalid/api/v1");
    private readonly SyncHub hub = new(SyncHub.Registry(Placeholder, schedule: "*/5 * * * *"));

    [Fact]
    public async Task its_feeds_are_not_scheduled()
    {
        var requested = await hub.Service<PartnerPullScheduler>().TickAsync(new DateTimeOffset(2026, 12, 8, 10, 7, 0, TimeSpan.Zero), SyncHub.Ct);

        Assert.Equal(0, requested);
        Assert.Null((await hub.StateAsync()).LastScheduledAt);
    }

    [Fact]
    public async Task a_requested_pull_fails_once_saying_why_and_is_not_retried()
    {
        var request = PartnerPullRequests.Create(SyncHub.PartnerId, SyncHub.Feed, PartnerPullRequests.Request, DateTimeOffset.UtcNow);

        // Completes instead of throwing: the bus neither retries nor dead-letters a pull that would be refused the same way again.
        await hub.Service<PullPartnerFeedHandler>().HandleAsync(request, SyncHub.Ct);

        var state = await hub.StateAsync();
        Assert.Contains("set the partner's real base URL", state.LastError);
        Assert.Null(state.Cursor);
        Assert.Null(state.LeaseHolder);
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();
}
