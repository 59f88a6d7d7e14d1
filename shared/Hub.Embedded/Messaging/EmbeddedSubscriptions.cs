using Hub.Core.Events;
using Hub.Core.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Hub.Embedded.Messaging;

/// <summary>
/// Subscribes every row of the consumer table to the embedded bus while the host runs, each with the handler its capability
/// registered. A row without a handler in this composition stops the start: its messages would otherwise pile up unread.
/// </summary>
/// <remarks>
/// Subscribed once every hosted service has started (<see cref="IHostedLifecycleService.StartedAsync"/>), so that what runs
/// before any handler (the stock report work folder's clean-up) has run.
/// </remarks>
public sealed class EmbeddedSubscriptions(SqliteEventBus bus, IEnumerable<EventHandlerRegistration> registrations, IServiceProvider services)
    : IHostedLifecycleService
{
    private List<IAsyncDisposable> _subscriptions = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Checked before anything starts, so that a composition missing a handler fails at once.
        _ = HandlersByRow();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var (consumer, registration) in HandlersByRow())
            _subscriptions.Add(bus.Subscribe(consumer.Topic, consumer.Subscription,
                HubTelemetry.Traced(SqliteEventBus.MessagingSystem, consumer.Topic, consumer.Subscription, registration.Resolve(services))));
        return Task.CompletedTask;
    }

    private List<(Hub.Contracts.Consumer Consumer, EventHandlerRegistration Registration)> HandlersByRow()
    {
        var registered = registrations.ToList();
        var unknown = registered.Where(r => !bus.Consumers.Contains(r.Consumer)).Select(r => $"{r.Topic}/{r.Subscription}").ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"Handlers registered for consumers the table does not declare: {string.Join(", ", unknown)}.");
        var missing = bus.Consumers.Where(c => registered.All(r => r.Consumer != c)).Select(c => $"{c.Topic}/{c.Subscription} ({c.Handler})").ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"No handler is registered for {string.Join(", ", missing)}: every consumer of the table runs in Standalone, " +
                "or its messages would wait for ever. Add the capability that handles it to the composition.");
        return bus.Consumers.Select(c => (c, registered.Single(r => r.Consumer == c))).ToList();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // A host can be stopped twice at once (its own Run ending while whoever started it disposes it, as a test server
        // does): the list is taken whole, so that each subscription is disposed once and no stop sees it change.
        var subscriptions = Interlocked.Exchange(ref _subscriptions, []);
        foreach (var subscription in subscriptions) await subscription.DisposeAsync().ConfigureAwait(false);
    }
}
