using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Core.Events;

namespace Hub.Azure.Tests.Live;

/// <summary>
/// Against a namespace with the hub's topology (infra/: topics with duplicate detection, <c>orders</c> subscriptions
/// with sessions, max delivery count 10). The handlers here complete whatever they receive, so use a namespace kept for tests.
/// </summary>
public sealed class ServiceBusEventBusLiveTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ServiceBusClient? _client;
    private ServiceBusEventBus? _bus;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        if (LiveSettings.Read(LiveSettings.ServiceBusVariable) is { } connectionString)
        {
            _client = new ServiceBusClient(connectionString);
            _bus = new ServiceBusEventBus(_client);
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null) await _bus.DisposeAsync();
        if (_client is not null) await _client.DisposeAsync();
    }

    private (ServiceBusClient Client, ServiceBusEventBus Bus) Live()
    {
        LiveSettings.Require(LiveSettings.ServiceBusVariable);
        return (_client!, _bus!);
    }

    private static CloudEvent Event(string id, string subject, int sequence) => HubCloudEvents.Create(
        id, "hub.orders.order.updated.v1", EventSources.OrderSync, subject, DateTimeOffset.UtcNow, new { sequence });

    [Fact]
    public async Task events_of_one_order_arrive_in_publish_order()
    {
        var (_, bus) = Live();
        var run = Guid.NewGuid().ToString("N");
        var subject = $"live-test:{run}";
        var seen = new ConcurrentQueue<string>();
        var all = new TaskCompletionSource();

        await using (bus.Subscribe(Topics.Orders, Subscriptions.ReadStore, (e, _) =>
        {
            if (e.Subject == subject)
            {
                seen.Enqueue(e.Id!);
                if (seen.Count == 5) all.TrySetResult();
            }
            return Task.CompletedTask;
        }))
        {
            await bus.PublishAsync(Topics.Orders, [.. Enumerable.Range(0, 5).Select(i => Event($"{run}-{i}", subject, i))], Ct);
            await all.Task.WaitAsync(Patience, Ct);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{run}-{i}"), seen);
    }

    [Fact]
    public async Task a_redelivered_duplicate_is_dropped_by_duplicate_detection()
    {
        var (_, bus) = Live();
        var run = Guid.NewGuid().ToString("N");
        var count = 0;
        var first = new TaskCompletionSource();

        await using (bus.Subscribe(Topics.Orders, Subscriptions.ReadStore, (e, _) =>
        {
            if (e.Id == run && Interlocked.Increment(ref count) == 1) first.TrySetResult();
            return Task.CompletedTask;
        }))
        {
            await bus.PublishAsync(Topics.Orders, [Event(run, $"live-test:{run}", 0)], Ct);
            await bus.PublishAsync(Topics.Orders, [Event(run, $"live-test:{run}", 0)], Ct);
            await first.Task.WaitAsync(Patience, Ct);
            await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        }

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task an_event_its_handler_always_rejects_is_dead_lettered_and_can_be_replayed()
    {
        var (client, bus) = Live();
        var run = Guid.NewGuid().ToString("N");
        var deadLetters = new ServiceBusDeadLetters(client);
        var handled = new TaskCompletionSource();
        var rejecting = true;

        await using (bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (e, _) =>
        {
            if (e.Id != run) return Task.CompletedTask;
            if (Volatile.Read(ref rejecting)) throw new InvalidOperationException("rejected by the live test");
            handled.TrySetResult();
            return Task.CompletedTask;
        }))
        {
            await bus.PublishAsync(Topics.Stock, [Event(run, $"wh:{run}", 0)], Ct);

            DeadLetter? letter = null;
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (letter is null && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                letter = (await deadLetters.ListAsync(Topics.Stock, Subscriptions.ReadStore, 500, Ct)).FirstOrDefault(d => d.EventId == run);
            }
            Assert.NotNull(letter);
            Assert.Equal(10, letter.Attempts);
            Assert.Contains("rejected by the live test", letter.LastError);

            Volatile.Write(ref rejecting, false);
            Assert.True(await deadLetters.ReplayAsync(letter.Id, Ct));
            await handled.Task.WaitAsync(Patience, Ct);
        }
    }
}
