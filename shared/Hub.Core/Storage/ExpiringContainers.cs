using Hub.Core.Idempotency;

namespace Hub.Core.Storage;

/// <summary>
/// The read-store containers whose documents expire, each with how long a document lives after its last write: the one
/// list the adapters and the infrastructure take it from. In Azure the Cosmos adapter stamps every document written to
/// one of these with a <c>ttl</c> and expects the container to have time-to-live on (<c>defaultTtl: -1</c>: per item,
/// nothing else expires); the Bicep templates must declare exactly these containers so. Standalone keeps no TTL: its
/// stores delete what has expired themselves.
/// </summary>
public static class ExpiringContainers
{
    /// <summary>Container name to document lifetime.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Lifetimes { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [ReadStoreIdempotencyStore.Container] = ReadStoreIdempotencyStore.Window,
    };

    /// <summary>Whether documents in <paramref name="container"/> expire.</summary>
    public static bool Contains(string container) => Lifetimes.ContainsKey(container);
}
