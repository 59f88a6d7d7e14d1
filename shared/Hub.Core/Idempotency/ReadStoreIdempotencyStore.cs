using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;

namespace Hub.Core.Idempotency;

/// <summary>
/// Idempotency records as read-store documents (container <c>idempotency</c>, id = key): in Azure the Cosmos DB read
/// store holds them, shared by every instance of an app. A record is written only if none is there, so the first value
/// wins. Keys may be any text a read-store id may be (the store encodes what its engine cannot hold).
/// </summary>
/// <remarks>
/// The partition is the scope and one of <see cref="Buckets"/> buckets taken from a hash of the key
/// (<c>order-webhook:3f</c>): with the scope alone every webhook's record went to one logical partition, whose throughput
/// (10,000 RU/s) and size (20 GB) cap every other. The bucket is a pure function of the key, so a lookup reads one item.
/// Records live for <see cref="Window"/> after they are written (Cosmos DB TTL, declared in <see cref="ExpiringContainers"/>).
/// </remarks>
public sealed class ReadStoreIdempotencyStore(IReadStore store) : IIdempotencyStore
{
    public const string Container = "idempotency";

    /// <summary>How many partitions a scope's records are spread over.</summary>
    public const int Buckets = 256;

    /// <summary>
    /// How long a record is kept by default: <see cref="RetentionOptions.DeliveryIds"/>'s default, which the Azure adapters
    /// pass on from configuration (a platform retries a delivery within hours, not weeks).
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public async Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(Container, PartitionKey(scope, key), key, cancellationToken).ConfigureAwait(false);
        return document is null ? null : JsonSerializer.Deserialize<Record>(document.Json, JsonSerializerOptions.Web)?.Value;
    }

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default) =>
        store.UpsertAsync(Container, PartitionKey(scope, key), key, JsonSerializer.Serialize(new Record(value), HubJson.Web), WriteCondition.NotExists, cancellationToken);

    /// <summary>The partition a key's record lives in: <c>scope:bb</c>, bb the first byte of the key's SHA-256 in hex.</summary>
    public static string PartitionKey(string scope, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return scope + ":" + (hash[0] % Buckets).ToString("x2", CultureInfo.InvariantCulture);
    }

    private sealed record Record(string Value);
}
