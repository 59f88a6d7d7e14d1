using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace Hub.Benchmarks.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection that writes pre-formatted requests and reads just enough of each answer to
/// know its status and where it ends (Content-Length or chunked), in the manner of wrk: HttpClient's per-request
/// work would otherwise take a good share of the two cores the server is measured on.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(Uri target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target.Host, target.Port);
        return new RawHttpConnection(socket);
    }

    /// <summary>The request line and headers for a POST of <paramref name="body"/>; the body follows them on the wire.</summary>
    public static byte[] FormatPost(Uri target, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var head = new StringBuilder()
            .Append("POST ").Append(target.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(target.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        foreach (var (name, value) in headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var request = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(request, 0);
        body.CopyTo(request, headBytes.Length);
        return request;
    }

    /// <summary>Sends a request and reads its whole answer; the body is returned only when <paramref name="keepBody"/>.</summary>
    public async Task<(int Status, string? Body)> SendAsync(byte[] request, bool keepBody)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync();
        var head = _buffer.AsSpan(_start, headerEnd);
        var status = ParseStatus(head);
        var contentLength = HeaderValue(head, "content-length:"u8);
        var chunked = HeaderValue(head, "transfer-encoding:"u8) is { } te && Encoding.ASCII.GetString(te).Contains("chunked", StringComparison.OrdinalIgnoreCase);
        _start += headerEnd + 4;

        var body = keepBody ? new MemoryStream() : null;
        if (chunked)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync();
                var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd).Split(';')[0].Trim(), 16);
                _start += lineEnd + 2;
                await ConsumeAsync(size + 2, body, trailing: 2);
                if (size == 0) break;
            }
        }
        else if (contentLength is { } length && Utf8Parser.TryParse(length, out int count, out _))
        {
            await ConsumeAsync(count, body, trailing: 0);
        }
        return (status, body is null ? null : Encoding.UTF8.GetString(body.ToArray()));
    }

    private async Task ConsumeAsync(int count, MemoryStream? body, int trailing)
    {
        while (count > 0)
        {
            if (_start == _end) await FillAsync();
            var take = Math.Min(count, _end - _start);
            body?.Write(_buffer, _start, Math.Max(0, Math.Min(take, count - trailing)));
            _start += take;
            count -= take;
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0) throw new IOException("The server closed the connection.");
        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 202 Accepted"
        var space = head.IndexOf((byte)' ');
        return space > 0 && Utf8Parser.TryParse(head[(space + 1)..], out int status, out _) ? status : 0;
    }

    private static byte[]? HeaderValue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> lowerName)
    {
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (line.Length > lowerName.Length && Ascii.EqualsIgnoreCase(line[..lowerName.Length], lowerName))
                return line[lowerName.Length..].Trim((byte)' ').ToArray();
        }
        return null;
    }

    public void Dispose() => _socket.Dispose();
}
