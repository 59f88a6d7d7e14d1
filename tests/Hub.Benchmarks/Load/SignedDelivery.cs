namespace Hub.Benchmarks.Load;

/// <summary>A webhook delivery signed ahead of time; each send builds a fresh request around the same bytes.</summary>
public sealed record SignedDelivery(string OrderId, byte[] Body, KeyValuePair<string, string>[] Headers)
{
    private byte[]? _wire;

    /// <summary>The whole HTTP/1.1 request, formatted once (while signing, for pre-built deliveries) and reused.</summary>
    public byte[] Wire(Uri target) => _wire ??= RawHttpConnection.FormatPost(target, Headers, Body);

    public HttpRequestMessage ToRequest(Uri target)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
