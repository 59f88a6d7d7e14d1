using System.Collections.Concurrent;
using System.Diagnostics;
using Hub.Core.Telemetry;

namespace Hub.Testing.Telemetry;

/// <summary>
/// Collects the hub's spans of one trace, started by <see cref="Root"/>, in this process. Listeners are process-wide, so
/// it samples only activities of its own trace: tests running beside it see no listener and publish as they always do.
/// </summary>
public sealed class TraceCollector : IDisposable
{
    private static readonly ActivitySource TestSource = new("Hub.Tests");
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TraceCollector()
    {
        ActivityTraceId? trace = null;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is HubTelemetry.Name or "Hub.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == TestSource || (trace is { } t && options.Parent.TraceId == t)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = activity => { if (activity.Source.Name == HubTelemetry.Name && activity.TraceId == trace) _stopped.Enqueue(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
        Root = TestSource.StartActivity("test", ActivityKind.Internal)!;
        trace = Root.TraceId;
    }

    /// <summary>The test's own span, current on the thread that made the collector: what the hub's spans descend from.</summary>
    public Activity Root { get; }

    /// <summary>The hub's spans of this trace that have ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _stopped];

    public void Dispose()
    {
        Root.Dispose();
        _listener.Dispose();
    }
}
