using System.Security.Cryptography;
using System.Text;
using Hub.Contracts.Orders;

namespace Hub.PartnerFeeds.Outbound;

/// <summary>
/// The body of <c>POST {baseUrl}/orders</c>: the order at one version, in the hub's canonical shape, with its customs mode.
/// Nothing of the delivery that brought it (ingestion id, receipt time) is in it, so that a platform's replay of the same
/// version sends the partner the same body under the same <c>Idempotency-Key</c>.
/// </summary>
public sealed record PartnerOrder(string PlatformId, string OrderId, long Version, string CustomsMode, CanonicalOrder Order)
{
    public const string KeyPrefix = "hub-order-";

    /// <summary>
    /// The <c>Idempotency-Key</c> of an order version: <c>hub-order-</c> and the hex SHA-256 of (platform, order, version),
    /// ASCII whatever the ids hold, and the same however often and under whatever delivery the version arrives.
    /// </summary>
    public static string IdempotencyKeyFor(string platformId, string orderId, long version)
    {
        // Lengths first, so that no two (platform, order) pairs run together into the same text.
        var text = $"{platformId.Length}:{platformId}|{orderId.Length}:{orderId}|{version}";
        return KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
