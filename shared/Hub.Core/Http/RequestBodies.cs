using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Core.Http;

public static class RequestBodies
{
    /// <summary>True for <c>application/json</c> or <c>application/*+json</c>, with no charset or UTF-8.</summary>
    public static bool IsJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)) return false;
        var type = mediaType.MediaType;
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset;
        return json && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// <paramref name="body"/> as a JSON document, or why it is not one. The bytes must be UTF-8 throughout: the JSON reader
    /// checks the structure but leaves a string's bytes to be decoded when it is read, where invalid UTF-8 would fail as a 500.
    /// </summary>
    public static bool TryParseJson(byte[] body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out System.Text.Json.JsonDocument? document, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        document = null;
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            error = $"The body is not UTF-8: the bytes at offset {FirstInvalidUtf8(body)} are no UTF-8 character.";
            return false;
        }

        try
        {
            document = System.Text.Json.JsonDocument.Parse(body);
            error = null;
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            error = $"The body is not JSON: {e.Message}";
            return false;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var length) == System.Buffers.OperationStatus.Done)
            offset += length;
        return offset;
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes (answer 413).</summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit) return null;
            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            // A client that sends more than it declared is cut off by the server; nothing to read past it.
            return exact;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
