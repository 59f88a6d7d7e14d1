using System.Globalization;
using System.Text;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Webhooks;

/// <summary>
/// standardwebhooks.com: <c>webhook-signature: v1,&lt;base64&gt; [v1,&lt;base64&gt; ...]</c>, an HMAC-SHA256 of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the base64 of a <c>whsec_</c> secret. Every active secret is
/// tried (rotation); the delivery id is <c>webhook-id</c>. Used by platforms' order webhooks and partners' event pushes alike.
/// </summary>
public static class StandardWebhooksSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const int StackPrefixLimit = 256;

    public static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!DeliveryHeaders.TryGetSingle(headers, IdHeader, out var id, out var failure)
            || !DeliveryHeaders.TryGetSingle(headers, TimestampHeader, out var timestamp, out failure)
            || !DeliveryHeaders.TryGetAll(headers, SignatureHeader, out var signatures, out failure))
        {
            return SignatureCheck.Invalid(failure);
        }
        if (!DeliveryHeaders.TryParseUnixSeconds(timestamp, out var seconds))
        {
            return SignatureCheck.Invalid($"malformed header {TimestampHeader}");
        }
        if (DeliveryHeaders.ToleranceFailure(seconds, now, settings.ToleranceSeconds) is { } outside)
        {
            return SignatureCheck.Invalid(outside);
        }

        var secrets = settings.Secrets;
        Span<byte> macs = secrets.Count <= WebhookMac.StackSecrets
            ? stackalloc byte[WebhookMac.StackSecrets * WebhookMac.Size]
            : new byte[secrets.Count * WebhookMac.Size];
        var written = ComputeMacs(secrets, id, timestamp, body, macs);
        if (written == 0)
        {
            return SignatureCheck.Invalid(WebhookMac.NoUsableSecret);
        }

        var candidates = new SignatureCandidates(macs[..written]);
        foreach (var value in signatures)
        {
            var text = value.AsSpan();
            foreach (var range in text.Split(' '))
            {
                var entry = text[range];
                var comma = entry.IndexOf(',');
                // Other versions (v1a is the asymmetric variant) are not ours to check.
                if (comma >= 0 && entry[..comma].SequenceEqual("v1"))
                {
                    candidates.OfferBase64(entry[(comma + 1)..]);
                }
            }
        }

        return candidates.Matched ? SignatureCheck.Valid(id) : SignatureCheck.Invalid(candidates.Failure(SignatureHeader));
    }

    public static IReadOnlyDictionary<string, string> Sign(string secret, string id, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        var unixSeconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> mac = stackalloc byte[WebhookMac.Size];
        if (ComputeMacs([secret], id, unixSeconds, body, mac) == 0)
        {
            throw new ArgumentException("The first secret is not a base64 key (whsec_...).", nameof(secret));
        }

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [IdHeader] = id,
            [TimestampHeader] = unixSeconds,
            [SignatureHeader] = "v1," + Convert.ToBase64String(mac),
        };
    }

    private static int ComputeMacs(IReadOnlyList<string> secrets, string id, string timestamp, ReadOnlySpan<byte> body, Span<byte> macs)
    {
        var length = Encoding.UTF8.GetByteCount(id) + timestamp.Length + 2;
        Span<byte> prefix = length <= StackPrefixLimit ? stackalloc byte[StackPrefixLimit] : new byte[length];
        var position = Encoding.UTF8.GetBytes(id, prefix);
        prefix[position++] = (byte)'.';
        position += Encoding.UTF8.GetBytes(timestamp, prefix[position..]);
        prefix[position++] = (byte)'.';
        return WebhookMac.Compute(secrets, SecretEncoding.StandardWebhooks, prefix[..position], body, macs);
    }
}
