using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hub.Benchmarks.Load;

/// <summary>
/// Closed-loop load: each worker, on a connection of its own, sends one delivery, waits for the whole answer, records it
/// and sends the next, until stopped. Every answer is kept with its completion time, so a window can be cut out afterwards.
/// </summary>
public sealed class LoadGenerator(Uri target, IDeliverySource source, int workers)
{
    private const int Accepted = 202;
    private const int Error = 0;

    private readonly List<Sample>[] _samples = Enumerable.Range(0, workers).Select(_ => new List<Sample>(1 << 16)).ToArray();
    private readonly (long At, SignedDelivery? Delivery)[] _lastAccepted = new (long, SignedDelivery?)[workers];
    private readonly ConcurrentQueue<string> _failures = new();
    private Task[] _workers = [];
    private volatile bool _stopping;
    private volatile bool _exhausted;
    private long _acceptedSoFar;
    private long _otherSoFar;

    /// <summary>202s so far, readable while the load runs (the samples themselves are only read after <see cref="StopAsync"/>).</summary>
    public long AcceptedSoFar => Interlocked.Read(ref _acceptedSoFar);

    /// <summary>Answers other than 202, and connection errors, so far; readable while the load runs.</summary>
    public long OtherSoFar => Interlocked.Read(ref _otherSoFar);

    public void Start() => _workers = Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkAsync(i))).ToArray();

    /// <summary>Stops sending; answers already on their way are awaited and kept.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync(int worker)
    {
        var samples = _samples[worker];
        RawHttpConnection? connection = null;
        try
        {
            while (!_stopping)
            {
                if (!source.TryNext(out var delivery))
                {
                    _exhausted = true;
                    return;
                }
                var request = delivery.Wire(target);
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    connection ??= await RawHttpConnection.OpenAsync(target);
                    var (answer, body) = await connection.SendAsync(request, keepBody: false).WaitAsync(Timeout);
                    status = answer;
                    if (status != Accepted) NoteFailure($"{status}");
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or FormatException)
                {
                    status = Error;
                    NoteFailure($"{e.GetType().Name}: {e.Message}");
                    connection?.Dispose();
                    connection = null;
                }
                var completed = Stopwatch.GetTimestamp();
                samples.Add(new Sample(completed, completed - started, status));
                Interlocked.Increment(ref status == Accepted ? ref _acceptedSoFar : ref _otherSoFar);
                if (status == Accepted) _lastAccepted[worker] = (completed, delivery);
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private void NoteFailure(string failure)
    {
        if (_failures.Count < 5) _failures.Enqueue(failure);
    }

    /// <summary>Answers completed in [<paramref name="from"/>, <paramref name="to"/>), Stopwatch timestamps; call after <see cref="StopAsync"/>.</summary>
    public LoadResult Summarise(long from, long to)
    {
        var all = _samples.SelectMany(s => s).ToList();
        var window = all.Where(s => s.CompletedAt >= from && s.CompletedAt < to).ToList();
        var seconds = (to - from) / (double)Stopwatch.Frequency;
        var others = all.Where(s => s.Status != Accepted)
            .GroupBy(s => s.Status == Error ? "connection error" : s.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        return new LoadResult(
            AcceptedPerSecond: window.Count(s => s.Status == Accepted) / seconds,
            Latency: LatencySummary.Of(window.Where(s => s.Status != Error).Select(s => s.LatencyTicks)),
            Sent: all.Count,
            OtherAnswers: others,
            FailureSamples: [.. _failures],
            Exhausted: _exhausted,
            LastAccepted: _lastAccepted.Where(a => a.Delivery is not null).DefaultIfEmpty().MaxBy(a => a.At).Delivery);
    }

    private readonly record struct Sample(long CompletedAt, long LatencyTicks, int Status);
}

/// <param name="OtherAnswers">Every answer but 202 over the whole run (warm-up included), by status.</param>
/// <param name="Exhausted">The pre-built deliveries ran out before the run ended.</param>
public sealed record LoadResult(
    double AcceptedPerSecond, LatencySummary Latency, long Sent, IReadOnlyDictionary<string, long> OtherAnswers,
    IReadOnlyList<string> FailureSamples, bool Exhausted, SignedDelivery? LastAccepted)
{
    public bool Failed => OtherAnswers.Count > 0 || Exhausted;
    public CpuUsage? Cpu { get; init; }
}
