using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Hub.Benchmarks.Load;

/// <summary>
/// "202 to queryable": posts one fresh delivery at a time and, from its 202, reads the order back without pause until
/// the read store has it, so the time is the projection's lag as a client sees it.
/// </summary>
public static class QueryableProbe
{
    public const string AdminKey = "sample-admin-key";
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static async Task<ProbeResult> RunAsync(HttpClient http, Uri baseAddress, WebhookDeliveries deliveries, string series, int count)
    {
        var target = LoadClient.WebhookTarget(baseAddress);
        var lags = new List<long>(count);
        var failures = new List<string>();
        long reads = 0;
        for (var i = 0; i < count; i++)
        {
            var delivery = deliveries.Create(series, i, DateTimeOffset.UtcNow);
            using (var request = delivery.ToRequest(target))
            using (var response = await http.SendAsync(request))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    failures.Add($"POST {delivery.OrderId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
            }
            var acceptedAt = Stopwatch.GetTimestamp();
            var order = OrderUri(baseAddress, delivery.OrderId);
            while (true)
            {
                reads++;
                using var request = OrderRequest(order);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    lags.Add(Stopwatch.GetTimestamp() - acceptedAt);
                    break;
                }
                if (response.StatusCode != HttpStatusCode.NotFound || Stopwatch.GetElapsedTime(acceptedAt) > GiveUpAfter)
                {
                    failures.Add($"GET {delivery.OrderId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    break;
                }
            }
        }
        return new ProbeResult(LatencySummary.Of(lags), reads / (double)Math.Max(1, count), failures);
    }

    /// <summary>Polls until the order can be read; the time that took, or null if it never could.</summary>
    public static async Task<TimeSpan?> WaitUntilQueryableAsync(HttpClient http, Uri baseAddress, string orderId, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var order = OrderUri(baseAddress, orderId);
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            using var request = OrderRequest(order);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetElapsedTime(started);
            await Task.Delay(10);
        }
        return null;
    }

    private static Uri OrderUri(Uri baseAddress, string orderId) => new(baseAddress, $"/api/orders/{WebhookDeliveries.PlatformId}/{orderId}");

    private static HttpRequestMessage OrderRequest(Uri order) => new(HttpMethod.Get, order)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", AdminKey) },
    };
}

/// <param name="Lag">From the 202 arriving to the first 200 of the order's GET.</param>
/// <param name="ReadsPerWebhook">GETs sent per webhook, the last (200) included.</param>
public sealed record ProbeResult(LatencySummary Lag, double ReadsPerWebhook, IReadOnlyList<string> Failures);
