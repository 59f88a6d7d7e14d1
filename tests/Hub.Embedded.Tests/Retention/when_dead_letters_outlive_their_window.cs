using Hub.Contracts;
using Hub.Core;
using Hub.Embedded.Retention;
using Hub.Embedded.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Embedded.Tests.Retention;

public sealed class when_dead_letters_outlive_their_window : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new(o => o.MaxDeliveryAttempts = 1);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private EmbeddedRetention Retention() => new(_hub.Writer, _hub.Idempotency(_clock), Microsoft.Extensions.Options.Options.Create(new RetentionOptions()), _clock);

    private static Task Fail(CloudNative.CloudEvents.CloudEvent e, CancellationToken _) => throw new InvalidOperationException("poison");

    private async Task DeadLetteredAsync(string topic, string subscription, int count) =>
        await Eventually.Until(async () => (await _hub.Bus.ListAsync(topic, subscription, 100, Ct)).Count == count, $"{count} dead letter(s) on {topic}/{subscription}");

    [Fact]
    public async Task one_younger_than_the_window_is_kept_and_can_still_be_replayed()
    {
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, Fail);
        await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("s-1")], Ct);
        await DeadLetteredAsync(Topics.Stock, Subscriptions.ReadStore, 1);
        _clock.Advance(TimeSpan.FromDays(13));

        Assert.Equal(0, await Retention().PurgeDeadLettersAsync(Ct));

        var kept = Assert.Single(await _hub.Bus.ListAsync(Topics.Stock, null, 100, Ct));
        Assert.True(await _hub.Bus.ReplayAsync(kept.Id, Ct));
    }

    [Fact]
    public async Task one_older_goes_with_its_message_and_failure_row()
    {
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, Fail);
        await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("s-1"), TestEvents.Stock("s-2")], Ct);
        await DeadLetteredAsync(Topics.Stock, Subscriptions.ReadStore, 2);
        var id = (await _hub.Bus.ListAsync(Topics.Stock, null, 100, Ct))[0].Id;
        _clock.Advance(TimeSpan.FromDays(15));

        Assert.Equal(2, await Retention().PurgeDeadLettersAsync(Ct));

        Assert.Empty(await _hub.Bus.ListAsync(null, null, 100, Ct));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_failures"));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
        Assert.False(await _hub.Bus.ReplayAsync(id, Ct));
    }

    [Fact]
    public async Task a_message_another_subscription_still_has_pending_stays_for_it_and_goes_once_it_completes()
    {
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, Fail);
        var order = TestEvents.Order("order-1", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [order], Ct);
        await DeadLetteredAsync(Topics.Orders, Subscriptions.ReadStore, 1);
        _clock.Advance(TimeSpan.FromDays(15));

        Assert.Equal(1, await Retention().PurgeDeadLettersAsync(Ct));

        Assert.Empty(await _hub.Bus.ListAsync(null, null, 100, Ct));
        Assert.Equal(1, await _hub.PendingDeliveriesAsync(order.Id!, TestConsumers.PartnerPush));
        Assert.Equal(0, await _hub.PendingDeliveriesAsync(order.Id!, Subscriptions.ReadStore));
        var delivered = 0;
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, (_, _) => { Interlocked.Increment(ref delivered); return Task.CompletedTask; });
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0, "the message goes once partner-push completes it");
        Assert.Equal(1, delivered);
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
    }
}
