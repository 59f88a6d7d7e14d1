using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Hub.PartnerFeeds.Client;

/// <summary>
/// The pull protocol every eWTP partner exposes (docs/design.md, "PartnerFeeds"), and the outbound order push.
/// Obtain one per partner from <see cref="PartnerClients"/>: it carries the partner's authentication and resilience pipeline.
/// </summary>
public interface IPartnerApi
{
    /// <summary>
    /// Reads one page of a feed: <c>GET {baseUrl}/feeds/{feed}?cursor={cursor}&amp;limit={limit}</c>.
    /// A null <paramref name="cursor"/> reads from the beginning. Throws <see cref="ApiException"/> on a non-success answer
    /// (after the retries), and <see cref="ApiRequestException"/> when no answer came: its inner exception says why
    /// (<c>Polly.CircuitBreaker.BrokenCircuitException</c> when the partner's circuit is open, a timeout, a transport error).
    /// </summary>
    [Get("/feeds/{feed}")]
    Task<FeedPage> GetFeedPageAsync(string feed, [AliasAs("cursor")] string? cursor, [AliasAs("limit")] int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes an order: <c>POST {baseUrl}/orders</c> with an <c>Idempotency-Key</c>. The raw response is returned (never thrown)
    /// so that the caller sees the partner's status and message; the caller disposes it.
    /// </summary>
    [Post("/orders")]
    Task<HttpResponseMessage> PushOrderAsync([Header("Idempotency-Key")] string idempotencyKey, [Body] JsonElement order, CancellationToken cancellationToken);
}

/// <summary>One page of a partner feed.</summary>
/// <param name="Items">The page's items, in feed order.</param>
/// <param name="NextCursor">The cursor to read the next page with; null at the end.</param>
/// <param name="HasMore">Whether another page follows.</param>
public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string? NextCursor, bool HasMore);

/// <summary>One item of a partner feed; fields the protocol does not name are kept in <see cref="Extra"/>.</summary>
/// <param name="Id">The partner's id of the item (stable across pages).</param>
/// <param name="Type">The partner's item type.</param>
/// <param name="OccurredAt">When the partner says the item occurred.</param>
/// <param name="Data">The item's payload, untouched.</param>
public sealed record FeedItem(string Id, string Type, DateTimeOffset OccurredAt, JsonElement Data)
{
    /// <summary>Fields beyond the protocol's, kept so that a mapper can use what a partner adds without a client change.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
