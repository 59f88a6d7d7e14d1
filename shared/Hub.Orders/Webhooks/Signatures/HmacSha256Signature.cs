using System.Diagnostics.CodeAnalysis;
using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks.Signatures;

/// <summary>
/// A plain HMAC-SHA256 of the raw body keyed with the secret's UTF-8 bytes, in a configurable header, encoding and
/// prefix; the <c>github</c> and <c>shopify</c> presets fill in whatever the settings leave unset. No timestamp.
/// </summary>
internal static class HmacSha256Signature
{
    private static readonly Options GitHub = new("X-Hub-Signature-256", Hex: true, "sha256=", "X-GitHub-Delivery");
    private static readonly Options Shopify = new("X-Shopify-Hmac-Sha256", Hex: false, "", "X-Shopify-Webhook-Id");

    public static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        if (!TryResolve(settings, out var options, out var failure)
            || !DeliveryHeaders.TryGetAll(headers, options.SignatureHeader, out var signatures, out failure))
        {
            return SignatureCheck.Invalid(failure);
        }

        if (!DeliveryHeaders.TryGetSingle(headers, options.DeliveryIdHeader, out var deliveryId, out failure))
        {
            return SignatureCheck.Invalid(failure);
        }

        var secrets = settings.Secrets;
        Span<byte> macs = secrets.Count <= WebhookMac.StackSecrets
            ? stackalloc byte[WebhookMac.StackSecrets * WebhookMac.Size]
            : new byte[secrets.Count * WebhookMac.Size];
        var written = WebhookMac.Compute(secrets, SecretEncoding.Utf8, prefix: default, body, macs);
        if (written == 0)
        {
            return SignatureCheck.Invalid(WebhookMac.NoUsableSecret);
        }

        // One signature per header is the norm; a repeated header arrives comma-joined (RFC 9110, 5.3), so each
        // comma- or space-separated value is a candidate.
        var candidates = new SignatureCandidates(macs[..written]);
        foreach (var value in signatures)
        {
            var text = value.AsSpan();
            foreach (var range in text.SplitAny(", \t"))
            {
                var entry = text[range];
                if (entry.IsEmpty)
                {
                    continue;
                }
                if (!entry.StartsWith(options.Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    candidates.OfferUndecodable();
                }
                else if (options.Hex)
                {
                    candidates.OfferHex(entry[options.Prefix.Length..]);
                }
                else
                {
                    candidates.OfferBase64(entry[options.Prefix.Length..]);
                }
            }
        }

        if (!candidates.Offered)
        {
            return SignatureCheck.Invalid($"malformed header {options.SignatureHeader}");
        }
        return candidates.Matched
            ? SignatureCheck.Valid(deliveryId)
            : SignatureCheck.Invalid(candidates.Failure(options.SignatureHeader));
    }

    public static IReadOnlyDictionary<string, string> Sign(SignatureSettings settings, string deliveryId, ReadOnlySpan<byte> body)
    {
        if (!TryResolve(settings, out var options, out var failure))
        {
            throw new ArgumentException(failure, nameof(settings));
        }

        Span<byte> mac = stackalloc byte[WebhookMac.Size];
        if (WebhookMac.Compute([settings.Secrets[0]], SecretEncoding.Utf8, prefix: default, body, mac) == 0)
        {
            throw new ArgumentException("The first secret is empty.", nameof(settings));
        }

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [options.SignatureHeader] = options.Prefix + (options.Hex ? Convert.ToHexStringLower(mac) : Convert.ToBase64String(mac)),
            [options.DeliveryIdHeader] = deliveryId,
        };
    }

    private static bool TryResolve(SignatureSettings settings, out Options options, [NotNullWhen(false)] out string? failure)
    {
        options = default;
        Options? preset = null;
        if (!string.IsNullOrWhiteSpace(settings.Preset))
        {
            preset = settings.Preset switch
            {
                _ when settings.Preset.Equals("github", StringComparison.OrdinalIgnoreCase) => GitHub,
                _ when settings.Preset.Equals("shopify", StringComparison.OrdinalIgnoreCase) => Shopify,
                _ => null,
            };
            if (preset is null)
            {
                failure = $"unknown hmac-sha256 preset '{settings.Preset}'";
                return false;
            }
        }

        var signatureHeader = Configured(settings.SignatureHeader) ?? preset?.SignatureHeader;
        if (signatureHeader is null)
        {
            failure = "hmac-sha256 settings name no signature header";
            return false;
        }

        var hex = preset?.Hex ?? true;
        if (Configured(settings.Encoding) is { } encoding)
        {
            if (encoding.Equals("hex", StringComparison.OrdinalIgnoreCase))
            {
                hex = true;
            }
            else if (encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            {
                hex = false;
            }
            else
            {
                failure = $"unknown signature encoding '{encoding}'";
                return false;
            }
        }

        // Without a delivery id a redelivery could not be recognised as one.
        var deliveryIdHeader = Configured(settings.DeliveryIdHeader) ?? preset?.DeliveryIdHeader;
        if (deliveryIdHeader is null)
        {
            failure = "hmac-sha256 settings name no delivery-id header";
            return false;
        }

        // An explicit empty prefix is a setting ("none"), unlike an empty header name.
        var prefix = settings.Prefix ?? preset?.Prefix ?? "";
        options = new Options(signatureHeader, hex, prefix, deliveryIdHeader);
        failure = null;
        return true;
    }

    private static string? Configured(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private readonly record struct Options(string SignatureHeader, bool Hex, string Prefix, string DeliveryIdHeader);
}
