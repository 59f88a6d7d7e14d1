namespace Hub.Contracts.Http;

/// <summary>
/// The hub's HTTP surface as one OpenAPI 3.1 document (<c>Http/openapi.json</c>, embedded): every route of both hosts,
/// its parameters, authentication, bodies and answers. Both hosts serve these bytes at <c>GET /api/openapi.json</c>;
/// tests hold it to the routes both hosts map and to the records the answers are serialised from.
/// </summary>
public static class HttpContract
{
    /// <summary>Where both hosts serve <see cref="OpenApiJson"/>, below the <c>api</c> prefix.</summary>
    public const string OpenApiRoute = "openapi.json";

    private static readonly Lazy<byte[]> Document = new(Load);

    /// <summary>The document as UTF-8 JSON.</summary>
    public static ReadOnlyMemory<byte> OpenApiJson => Document.Value;

    private static byte[] Load()
    {
        using var stream = typeof(HttpContract).Assembly.GetManifestResourceStream("Hub.Contracts.Http.openapi.json")
            ?? throw new InvalidOperationException("Hub.Contracts was built without its embedded openapi.json.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
