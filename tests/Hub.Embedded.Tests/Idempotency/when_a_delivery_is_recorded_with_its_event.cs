using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Idempotency;
using Hub.Embedded.Idempotency;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Idempotency;

/// <summary>
/// A webhook's delivery record goes into the same SQLite transaction as its event: a kill -9 after the 202 can no
/// longer leave the event without the record, which made a redelivery answer 202 "duplicate": false.
/// </summary>
public sealed class when_a_delivery_is_recorded_with_its_event : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task both_are_on_disk_in_one_commit_when_the_publish_returns()
    {
        var publisher = new SqlitePublishWithRecord(_hub.Bus, _hub.Idempotency());
        // The store prunes expired records at start in a write of its own: let it commit before counting.
        await _hub.Writer.WriteAsync(_ => true);
        var commitsBefore = _hub.Writer.Commits;

        await publisher.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 1)], "order-webhook", "ord_1", "ord_1", Ct);

        // Read at once over a connection of its own: a record queued for a later group commit would not be there yet.
        Assert.Equal(1, await _hub.ScalarAsync("SELECT COUNT(*) FROM idempotency WHERE scope = 'order-webhook' AND key = 'ord_1' AND value = 'ord_1'"));
        Assert.Equal(1, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages WHERE event_id = 'order-1/1'"));
        Assert.Equal(commitsBefore + 1, _hub.Writer.Commits);
    }

    // What every IPublishWithRecord promises; publish-then-record is what a composition that swaps a port gets.
    public static TheoryData<bool> BothPublishers => [true, false];

    private IPublishWithRecord Publisher(bool inOneTransaction, SqliteIdempotencyStore store) =>
        inOneTransaction ? new SqlitePublishWithRecord(_hub.Bus, store) : new PublishThenRecord(_hub.Bus, store);

    [Theory]
    [MemberData(nameof(BothPublishers))]
    public async Task the_record_is_found_at_once_and_after_a_restart(bool inOneTransaction)
    {
        var store = _hub.Idempotency();
        var publisher = Publisher(inOneTransaction, store);

        await publisher.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 1)], "order-webhook", "ord_1", "ord_1", Ct);

        Assert.Equal("ord_1", await store.FindAsync("order-webhook", "ord_1", Ct));
        await _hub.RestartAsync();
        Assert.Equal("ord_1", await _hub.Idempotency().FindAsync("order-webhook", "ord_1", Ct));
    }

    [Theory]
    [MemberData(nameof(BothPublishers))]
    public async Task a_publish_that_fails_records_nothing(bool inOneTransaction)
    {
        var store = _hub.Idempotency();
        var publisher = Publisher(inOneTransaction, store);
        await _hub.Writer.DisposeAsync();

        await Assert.ThrowsAsync<EventBusUnavailableException>(() =>
            publisher.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 1)], "order-webhook", "ord_1", "ord_1", Ct));

        Assert.Null(await store.FindAsync("order-webhook", "ord_1", Ct));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM idempotency"));
    }

    [Fact]
    public async Task a_record_that_cannot_be_written_undoes_its_event()
    {
        var publisher = new SqlitePublishWithRecord(_hub.Bus, _hub.Idempotency());
        await _hub.ScalarAsync("CREATE TRIGGER refuse_records BEFORE INSERT ON idempotency BEGIN SELECT RAISE(ABORT, 'disk says no'); END");

        await Assert.ThrowsAsync<EventBusUnavailableException>(() =>
            publisher.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 1)], "order-webhook", "ord_1", "ord_1", Ct));

        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
    }
}
