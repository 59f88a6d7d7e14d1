using System.Collections.Concurrent;
using Hub.Core.Idempotency;

namespace Hub.Orders.Tests.Support;

/// <summary>Keeps the first value per key; <paramref name="delay"/> stands in for a store's round trip.</summary>
internal sealed class InMemoryIdempotencyStore(TimeSpan delay = default) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string Scope, string Key), string> _records = new();

    public IReadOnlyDictionary<(string Scope, string Key), string> Records => _records;

    /// <summary>Runs before each look-up with its 1-based call number, to hold one back.</summary>
    public Func<int, CancellationToken, Task>? BeforeFind { get; set; }

    private int _finds;

    public async Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
        if (BeforeFind is { } beforeFind) await beforeFind(Interlocked.Increment(ref _finds), cancellationToken);
        return _records.GetValueOrDefault((scope, key));
    }

    public async Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
        _records.TryAdd((scope, key), value);
    }
}
