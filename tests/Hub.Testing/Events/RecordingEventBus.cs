using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Testing.Events;

/// <summary>Stands in for Service Bus, which a test cannot reach: remembers what was published, delivers nothing.</summary>
public sealed class RecordingEventBus : IEventBus
{
    private readonly List<(string Topic, CloudEvent Event)> _published = [];

    public bool Unavailable { get; set; }

    public IReadOnlyList<(string Topic, CloudEvent Event)> Published
    {
        get { lock (_published) return [.. _published]; }
    }

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        if (Unavailable) throw new EventBusUnavailableException("The test bus is switched off.");
        lock (_published) _published.AddRange(events.Select(e => (topic, e)));
        return Task.CompletedTask;
    }

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler) =>
        throw new NotSupportedException("A Functions app receives through its Service Bus trigger, not by subscribing.");
}
