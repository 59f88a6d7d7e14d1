using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Core.Webhooks;

/// <summary>How a configured secret becomes an HMAC key.</summary>
public enum SecretEncoding
{
    /// <summary>The secret's UTF-8 bytes are the key (hmac-sha256, stripe).</summary>
    Utf8,
    /// <summary>The key is the base64 after an optional <c>whsec_</c> prefix (standard-webhooks).</summary>
    StandardWebhooks,
}

/// <summary>HMAC-SHA256 over <c>prefix || body</c>, once per secret, without building strings from the body.</summary>
public static class WebhookMac
{
    public const int Size = HMACSHA256.HashSizeInBytes;
    public const int StackSecrets = 4;
    public const string NoUsableSecret = "no usable secret configured";

    private const int StackContentLimit = 1024;
    private const int StackKeyLimit = 256;
    private const string StandardWebhooksSecretPrefix = "whsec_";

    /// <summary>
    /// Writes one MAC per usable secret into <paramref name="macs"/> (which holds <see cref="Size"/> bytes per secret)
    /// and returns the number of bytes written; a secret that is empty or not decodable is skipped.
    /// </summary>
    public static int Compute(IReadOnlyList<string> secrets, SecretEncoding encoding, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> macs)
    {
        if (prefix.IsEmpty)
        {
            return ComputeEach(secrets, encoding, body, macs);
        }

        var length = checked(prefix.Length + body.Length);
        byte[]? rented = null;
        Span<byte> content = length <= StackContentLimit
            ? stackalloc byte[StackContentLimit]
            : rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(content);
            body.CopyTo(content[prefix.Length..]);
            return ComputeEach(secrets, encoding, content[..length], macs);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Constant-time comparison of a candidate against every computed MAC.</summary>
    public static bool MatchesAny(ReadOnlySpan<byte> macs, ReadOnlySpan<byte> candidate)
    {
        var matched = false;
        for (var offset = 0; offset + Size <= macs.Length; offset += Size)
        {
            matched |= CryptographicOperations.FixedTimeEquals(macs.Slice(offset, Size), candidate);
        }
        return matched;
    }

    private static int ComputeEach(IReadOnlyList<string> secrets, SecretEncoding encoding, ReadOnlySpan<byte> content, Span<byte> macs)
    {
        var written = 0;
        for (var i = 0; i < secrets.Count && written + Size <= macs.Length; i++)
        {
            if (TryCompute(secrets[i], encoding, content, macs.Slice(written, Size)))
            {
                written += Size;
            }
        }
        return written;
    }

    private static bool TryCompute(string? secret, SecretEncoding encoding, ReadOnlySpan<byte> content, Span<byte> mac)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var text = secret.AsSpan();
        if (encoding == SecretEncoding.StandardWebhooks && text.StartsWith(StandardWebhooksSecretPrefix, StringComparison.Ordinal))
        {
            text = text[StandardWebhooksSecretPrefix.Length..];
        }

        // Base64 never decodes to more bytes than it has characters.
        var maxKeyLength = encoding == SecretEncoding.Utf8 ? Encoding.UTF8.GetByteCount(text) : text.Length;
        Span<byte> key = maxKeyLength <= StackKeyLimit ? stackalloc byte[StackKeyLimit] : new byte[maxKeyLength];
        try
        {
            int keyLength;
            if (encoding == SecretEncoding.Utf8)
            {
                keyLength = Encoding.UTF8.GetBytes(text, key);
            }
            else if (!Convert.TryFromBase64Chars(text, key, out keyLength))
            {
                return false;
            }

            if (keyLength == 0)
            {
                return false;
            }

            HMACSHA256.HashData(key[..keyLength], content, mac);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
