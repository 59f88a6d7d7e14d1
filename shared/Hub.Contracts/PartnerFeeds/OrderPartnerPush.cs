namespace Hub.Contracts.PartnerFeeds;

/// <summary>
/// An order's outbound push to a partner, as the <c>orders/partner-push</c> consumer last left it: read-store container
/// <see cref="ReadStoreContainers.PartnerPushes"/>, partition = platform id, id = order id. The order's view shows it.
/// </summary>
/// <param name="PartnerId">The partner serving the order's destination.</param>
/// <param name="OrderVersion">The order version last pushed or tried.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> sent: derived from (platform, order, version).</param>
/// <param name="Status"><see cref="OrderPartnerPushStatuses"/>.</param>
/// <param name="Attempts">Attempts for <see cref="OrderVersion"/> so far.</param>
/// <param name="PartnerStatusCode">The partner's last HTTP status, null when no answer came.</param>
/// <param name="LastError">Why the last attempt failed, with the partner's message when it gave one.</param>
/// <param name="UpdatedAt">When this was written.</param>
public sealed record OrderPartnerPush(
    string PlatformId,
    string OrderId,
    string PartnerId,
    long OrderVersion,
    string IdempotencyKey,
    string Status,
    int Attempts,
    int? PartnerStatusCode,
    string? LastError,
    DateTimeOffset? PushedAt,
    DateTimeOffset UpdatedAt);

public static class OrderPartnerPushStatuses
{
    /// <summary>The partner accepted the order at <see cref="OrderPartnerPush.OrderVersion"/>.</summary>
    public const string Pushed = "pushed";

    /// <summary>An attempt failed in a way worth retrying (timeout, 5xx, 408, 429); the bus retries.</summary>
    public const string Retrying = "retrying";

    /// <summary>The partner refused the order (a 4xx other than 408 and 429), or the retries ran out: the message is dead-lettered.</summary>
    public const string Failed = "failed";
}
