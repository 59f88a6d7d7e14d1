using Hub.Core.Events;
using Hub.Core.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Hub.Embedded.Messaging;

/// <summary>Subscribes every registered event handler to the embedded bus while the host runs.</summary>
public sealed class EmbeddedSubscriptions(IEventBus bus, IEnumerable<EventHandlerRegistration> registrations, IServiceProvider services) : IHostedService
{
    private List<IAsyncDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in registrations)
            _subscriptions.Add(bus.Subscribe(registration.Topic, registration.Subscription,
                HubTelemetry.Traced(SqliteEventBus.MessagingSystem, registration.Topic, registration.Subscription, registration.Resolve(services))));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host can be stopped twice at once (its own Run ending while whoever started it disposes it, as a test server
        // does): the list is taken whole, so that each subscription is disposed once and no stop sees it change.
        var subscriptions = Interlocked.Exchange(ref _subscriptions, []);
        foreach (var subscription in subscriptions) await subscription.DisposeAsync().ConfigureAwait(false);
    }
}
