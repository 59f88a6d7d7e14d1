using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;

namespace Hub.Core.Idempotency;

/// <summary>
/// Idempotency records as read-store documents (container <c>idempotency</c>, partition = scope, id = key): in Azure
/// the Cosmos DB read store holds them, shared by every instance of an app. A record is written only if none is
/// there, so the first value wins. Keys must be valid document ids (no '/', '\', '?', '#').
/// </summary>
public sealed class ReadStoreIdempotencyStore(IReadStore store) : IIdempotencyStore
{
    public const string Container = "idempotency";

    public async Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(Container, scope, key, cancellationToken).ConfigureAwait(false);
        return document is null ? null : JsonSerializer.Deserialize<Record>(document.Json, JsonSerializerOptions.Web)?.Value;
    }

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default) =>
        store.UpsertAsync(Container, scope, key, JsonSerializer.Serialize(new Record(value), HubJson.Web), WriteCondition.NotExists, cancellationToken);

    private sealed record Record(string Value);
}
