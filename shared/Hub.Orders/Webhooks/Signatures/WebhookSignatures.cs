using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks.Signatures;

/// <summary>
/// Verifies a platform's webhook delivery against its <see cref="SignatureSettings"/>: <c>standard-webhooks</c>,
/// <c>hmac-sha256</c> (with the <c>github</c> and <c>shopify</c> presets) or <c>stripe</c>. See docs/design.md, OrderSync.
/// Never throws for anything a caller sends; a bad delivery or a bad setting comes back as a <see cref="SignatureCheck.Failure"/>.
/// </summary>
public static class WebhookSignatures
{
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="now">The current time, from the host's <see cref="TimeProvider"/>.</param>
    public static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(headers);

        return SignatureSchemes.Parse(settings.Scheme) switch
        {
            SignatureScheme.StandardWebhooks => StandardWebhooksSignature.Verify(settings, headers, body, now),
            SignatureScheme.HmacSha256 => HmacSha256Signature.Verify(settings, headers, body),
            SignatureScheme.Stripe => StripeSignature.Verify(settings, headers, body, now),
            _ => SignatureCheck.Invalid($"unknown signature scheme '{settings.Scheme}'"),
        };
    }
}
