using System.Text.Json;
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
/// <param name="Items">
/// The page's items, in feed order, as the partner wrote them (<c>{id, type, occurredAt, data, ...}</c>). Kept raw so that one
/// malformed item (a missing id, a date that is no date, not even an object) is quarantined on its own by the mapper
/// (<see cref="Mapping.PartnerRecordMapper"/>) instead of failing its whole page, and so that fields the protocol does not
/// name reach the record.
/// </param>
/// <param name="NextCursor">The cursor to read the next page with; null at the end.</param>
/// <param name="HasMore">Whether another page follows.</param>
public sealed record FeedPage(IReadOnlyList<JsonElement> Items, string? NextCursor, bool HasMore);
