using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Embedded.Tests.Support;

public sealed record Handled(string Id, string Subject, int Sequence);

/// <summary>
/// A subscription handler that counts every attempt, records every successful one in the order they finished,
/// and tracks how many attempts ran at once. <see cref="Before"/> runs first; throwing from it fails the attempt.
/// </summary>
public sealed class RecordingHandler
{
    private readonly ConcurrentQueue<Handled> _handled = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private int _running;
    private int _maxRunning;

    /// <summary>Runs at the start of each attempt with the event and its attempt number (1-based).</summary>
    public Func<CloudEvent, int, Task>? Before { get; set; }

    public IReadOnlyList<Handled> Handled => [.. _handled];
    public int HandledCount => _handled.Count;
    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    public int AttemptsOf(string id) => _attempts.GetValueOrDefault(id);

    public int TimesHandled(string id) => _handled.Count(h => h.Id == id);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(cloudEvent.Id!, 1, (_, n) => n + 1);
        var running = Interlocked.Increment(ref _running);
        for (var max = Volatile.Read(ref _maxRunning); running > max; max = Volatile.Read(ref _maxRunning))
            if (Interlocked.CompareExchange(ref _maxRunning, running, max) == max) break;
        try
        {
            if (Before is { } before) await before(cloudEvent, attempt);
            _handled.Enqueue(new Handled(cloudEvent.Id!, cloudEvent.Subject!, HubCloudEvents.GetData<Step>(cloudEvent).Sequence));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
