using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks.Signatures;

/// <summary>
/// Stripe's scheme: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;]</c>, an HMAC-SHA256 of
/// <c>{t}.{body}</c> keyed with the secret's UTF-8 bytes; the <c>whsec_</c> secret is used as it is, not base64-decoded.
/// The delivery id is the event's top-level <c>id</c>.
/// </summary>
internal static class StripeSignature
{
    public const string Header = "Stripe-Signature";

    private const int StackPrefixLimit = 32;

    public static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!DeliveryHeaders.TryGetSingle(headers, Header, out var header, out var failure)
            || !TryReadTimestamp(header, out var timestamp, out var seconds, out failure))
        {
            return SignatureCheck.Invalid(failure);
        }
        if (DeliveryHeaders.ToleranceFailure(seconds, now, settings.ToleranceSeconds) is { } outside)
        {
            return SignatureCheck.Invalid(outside);
        }

        var secrets = settings.Secrets;
        Span<byte> macs = secrets.Count <= WebhookMac.StackSecrets
            ? stackalloc byte[WebhookMac.StackSecrets * WebhookMac.Size]
            : new byte[secrets.Count * WebhookMac.Size];
        var written = ComputeMacs(secrets, timestamp, body, macs);
        if (written == 0)
        {
            return SignatureCheck.Invalid(WebhookMac.NoUsableSecret);
        }

        var candidates = new SignatureCandidates(macs[..written]);
        var text = header.AsSpan();
        foreach (var range in text.Split(','))
        {
            // v0 is Stripe's test-mode scheme and unknown keys are for the future: neither is ours to check.
            if (TrySplitPair(text[range], out var key, out var value) && key.SequenceEqual("v1"))
            {
                candidates.OfferHex(value);
            }
        }
        if (!candidates.Matched)
        {
            return SignatureCheck.Invalid(candidates.Failure(Header));
        }

        return ReadEventId(body) is { } id
            ? SignatureCheck.Valid(id)
            : SignatureCheck.Invalid("body has no top-level string id");
    }

    public static IReadOnlyDictionary<string, string> Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        var unixSeconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> mac = stackalloc byte[WebhookMac.Size];
        if (ComputeMacs([secret], unixSeconds, body, mac) == 0)
        {
            throw new ArgumentException("The first secret is empty.", nameof(secret));
        }

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [Header] = $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}",
        };
    }

    private static bool TryReadTimestamp(
        string header, out ReadOnlySpan<char> timestamp, out long seconds, [NotNullWhen(false)] out string? failure)
    {
        timestamp = default;
        seconds = 0;
        var found = false;
        var text = header.AsSpan();
        foreach (var range in text.Split(','))
        {
            if (!TrySplitPair(text[range], out var key, out var value) || !key.SequenceEqual("t"))
            {
                continue;
            }
            if (found)
            {
                failure = $"malformed header {Header}: more than one t=";
                return false;
            }
            found = true;
            timestamp = value;
        }

        if (!found || !DeliveryHeaders.TryParseUnixSeconds(timestamp, out seconds))
        {
            failure = $"malformed header {Header}: expected t=<unix seconds>";
            return false;
        }
        failure = null;
        return true;
    }

    private static bool TrySplitPair(ReadOnlySpan<char> item, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        var equals = item.IndexOf('=');
        if (equals < 0)
        {
            key = value = default;
            return false;
        }
        key = item[..equals].Trim();
        value = item[(equals + 1)..].Trim();
        return true;
    }

    private static int ComputeMacs(IReadOnlyList<string> secrets, ReadOnlySpan<char> timestamp, ReadOnlySpan<byte> body, Span<byte> macs)
    {
        var length = Encoding.UTF8.GetByteCount(timestamp) + 1;
        Span<byte> prefix = length <= StackPrefixLimit ? stackalloc byte[StackPrefixLimit] : new byte[length];
        var position = Encoding.UTF8.GetBytes(timestamp, prefix);
        prefix[position++] = (byte)'.';
        return WebhookMac.Compute(secrets, SecretEncoding.Utf8, prefix[..position], body, macs);
    }

    /// <summary>The top-level string <c>id</c>, read without parsing the rest of the event.</summary>
    private static string? ReadEventId(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return null;
                }
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id ? id : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
