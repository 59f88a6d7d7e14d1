using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Benchmarks.Load;

namespace Hub.Benchmarks.Soak;

/// <summary>
/// After the load: the pool's first order as the read store serves it, polled until it shows the last version sent for
/// it. Proves the updates were applied, not only answered 202, and how far the projection was behind when the load stopped.
/// </summary>
public static class OrderCheck
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);

    public static async Task<OrderCheckResult> RunAsync(Uri baseAddress, long deliveriesTaken, SoakOptions options)
    {
        var orderId = OrderUpdateDeliveries.OrderId(0);
        // Order 0 is delivery k * pool of round k; the last one sent is in the last round that reached it.
        var lastRound = (deliveriesTaken - 1) / options.Pool;
        var expected = options.Versions == OrderVersions.Increasing ? lastRound + 1 : 1;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var started = Stopwatch.GetTimestamp();
        long? version = null;
        var history = 0;
        var bytes = 0;
        while (Stopwatch.GetElapsedTime(started) < GiveUpAfter)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"/api/orders/{WebhookDeliveries.PlatformId}/{orderId}"))
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", QueryableProbe.AdminKey) },
            };
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsByteArrayAsync();
                bytes = body.Length;
                using var json = JsonDocument.Parse(body);
                version = json.RootElement.GetProperty("version").GetInt64();
                history = json.RootElement.GetProperty("history").GetArrayLength();
                if (version >= expected) return new OrderCheckResult(orderId, expected, version, history, bytes, Stopwatch.GetElapsedTime(started));
            }
            await Task.Delay(200);
        }
        return new OrderCheckResult(orderId, expected, version, history, bytes, null);
    }
}

/// <param name="CaughtUpAfter">From the load stopping to the order showing <paramref name="ExpectedVersion"/>; null if it did not within two minutes.</param>
/// <param name="DocumentBytes">The order's JSON as the API answers it: about the size of its document in the read store.</param>
public sealed record OrderCheckResult(string OrderId, long ExpectedVersion, long? Version, int HistoryEntries, int DocumentBytes, TimeSpan? CaughtUpAfter)
{
    public string Describe() => CaughtUpAfter is { } after
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{OrderId} read back at version {Version} (the last sent), {HistoryEntries} history entries ({DocumentBytes:N0} bytes of JSON), {after.TotalSeconds:F1} s after the load stopped")
        : $"{OrderId} read back at version {(Version is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, not the last sent ({ExpectedVersion}), two minutes after the load stopped";
}
