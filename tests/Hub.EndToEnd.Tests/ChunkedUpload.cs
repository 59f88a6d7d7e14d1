using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hub.EndToEnd.Tests;

/// <summary>An upload sent in chunks with no Content-Length, as a client streaming a file it has not measured sends it.</summary>
public static class ChunkedUpload
{
    /// <summary>
    /// PUTs <paramref name="bytes"/> chunked over a raw connection and reads the answer even when the server answered before the
    /// body was all sent and closed the connection (as it may for a body over the limit): HttpClient then reports the
    /// broken pipe of its write instead of the answer, depending on timing.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string? ContentType, string Body)> PutAsync(Uri baseAddress, string path, string key, byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"PUT {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            for (var offset = 0; offset < bytes.Length; offset += 16 * 1024)
            {
                var length = Math.Min(16 * 1024, bytes.Length - offset);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
                await stream.WriteAsync(bytes.AsMemory(offset, length));
                await stream.WriteAsync("\r\n"u8.ToArray());
            }
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server has answered and closed its side; the answer is still there to read.
        }

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer);
        }
        catch (IOException)
        {
            // A reset after the answer was sent.
        }
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headerEnd > 0, $"No HTTP answer: '{text}'");
        var lines = text[..headerEnd].Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
        var body = text[(headerEnd + 4)..];
        if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))) body = Unchunk(body);
        return (status, contentType, body);
    }

    private static string Unchunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..lineEnd], 16);
            if (size == 0) return result.ToString();
            result.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
