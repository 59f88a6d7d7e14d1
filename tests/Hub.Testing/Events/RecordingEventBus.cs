using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Testing.Events;

/// <summary>Stands in for Service Bus, which a test cannot reach: remembers what was published, delivers nothing.</summary>
public sealed class RecordingEventBus : IEventBus
{
    private readonly List<(string Topic, CloudEvent Event)> _published = [];

    public bool Unavailable { get; set; }

    /// <summary>Runs before each publish is recorded: lets a test look at the world as the publisher leaves it.</summary>
    public Func<Task>? BeforePublish { get; set; }

    public IReadOnlyList<(string Topic, CloudEvent Event)> Published
    {
        get { lock (_published) return [.. _published]; }
    }

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        if (Unavailable) throw new EventBusUnavailableException("The test bus is switched off.");
        return RecordAsync(topic, events);
    }

    /// <summary>What was published for later, with its time; recorded apart from <see cref="Published"/>.</summary>
    public IReadOnlyList<(string Topic, CloudEvent Event, DateTimeOffset NotBefore)> Scheduled
    {
        get { lock (_scheduled) return [.. _scheduled]; }
    }

    private readonly List<(string Topic, CloudEvent Event, DateTimeOffset NotBefore)> _scheduled = [];

    /// <summary>Recorded once per event id, as the bus keeps one waiting event per id.</summary>
    public Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        if (Unavailable) throw new EventBusUnavailableException("The test bus is switched off.");
        lock (_scheduled)
            if (!_scheduled.Any(s => s.Topic == topic && s.Event.Id == cloudEvent.Id)) _scheduled.Add((topic, cloudEvent, notBefore));
        return Task.CompletedTask;
    }

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler) =>
        throw new NotSupportedException("A Functions app receives through its Service Bus trigger, not by subscribing.");

    private async Task RecordAsync(string topic, IReadOnlyList<CloudEvent> events)
    {
        if (BeforePublish is { } before) await before();
        lock (_published) _published.AddRange(events.Select(e => (topic, e)));
    }
}
