using System.Net;

namespace Hub.Benchmarks.Load;

public static class LoadClient
{
    /// <summary>HTTP/1.1 over a pool of at most <paramref name="connections"/> connections, kept for the whole run.</summary>
    public static HttpClient Create(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static Uri WebhookTarget(Uri baseAddress) => new(baseAddress, $"/api/webhooks/orders/{WebhookDeliveries.PlatformId}");
}
