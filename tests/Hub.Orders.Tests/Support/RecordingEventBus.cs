using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Orders.Tests.Support;

/// <summary>Records what is published; switched to <see cref="Unavailable"/> it refuses like a bus that is down.</summary>
internal sealed class RecordingEventBus : IEventBus
{
    private readonly ConcurrentQueue<(string Topic, CloudEvent Event)> _published = new();

    public bool Unavailable { get; set; }

    public IReadOnlyList<(string Topic, CloudEvent Event)> Published => [.. _published];

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        if (Unavailable) throw new EventBusUnavailableException("The test bus is switched off.");
        foreach (var cloudEvent in events) _published.Enqueue((topic, cloudEvent));
        return Task.CompletedTask;
    }

    public Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Order handlers publish nothing for later.");

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler) =>
        throw new NotSupportedException("The handlers under test only publish.");
}
