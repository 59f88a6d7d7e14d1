using System.Net;

namespace Hub.EndToEnd.Tests;

/// <summary>A body sent in chunks with no Content-Length, as a client streaming a file it has not measured sends it.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += 16 * 1024)
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(16 * 1024, bytes.Length - offset)));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
