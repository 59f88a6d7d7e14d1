using Hub.Core.Registry;
using Hub.Core.Webhooks;

namespace Hub.Orders.Webhooks.Signatures;

/// <summary>
/// Signs a delivery the way a platform with the given settings would, with <c>settings.Secrets[0]</c>: for tests,
/// the <c>--demo</c> replay and the benchmarks. The hub itself only verifies.
/// </summary>
public static class WebhookSigner
{
    /// <param name="deliveryId">
    /// Sent as <c>webhook-id</c> or in the configured delivery-id header. Ignored by <c>stripe</c>, whose delivery id
    /// is the <c>id</c> inside the body.
    /// </param>
    /// <param name="timestamp">Signed by <c>standard-webhooks</c> and <c>stripe</c>; <c>hmac-sha256</c> has none.</param>
    /// <returns>Header name to value, with case-insensitive names.</returns>
    /// <exception cref="ArgumentException">The scheme or its options are unknown, or the first secret is unusable.</exception>
    public static IReadOnlyDictionary<string, string> Sign(SignatureSettings settings, string deliveryId, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (settings.Secrets.Count == 0)
        {
            throw new ArgumentException("The settings have no secret to sign with.", nameof(settings));
        }

        return SignatureSchemes.Parse(settings.Scheme) switch
        {
            SignatureScheme.StandardWebhooks => StandardWebhooksSignature.Sign(settings.Secrets[0], deliveryId, body, timestamp),
            SignatureScheme.HmacSha256 => HmacSha256Signature.Sign(settings, deliveryId, body),
            SignatureScheme.Stripe => StripeSignature.Sign(settings.Secrets[0], body, timestamp),
            _ => throw new ArgumentException($"Unknown signature scheme '{settings.Scheme}'.", nameof(settings)),
        };
    }
}
