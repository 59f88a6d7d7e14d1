using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

public sealed class when_standalone_is_killed_after_a_202 : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-kill-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task every_acknowledged_order_arrives_after_a_restart()
    {
        const int count = 200;
        await using (var first = await StandaloneProcess.StartAsync(_data))
        {
            using var http = first.CreateClient();
            var client = new OrderWebhookClient(http);
            var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                using var response = await client.PostAsync(OrderWebhookClient.Order($"KILL-{i}", 1), $"msg_kill_{i}");
                return response.StatusCode;
            }));
            // SIGKILL the moment the last 202 is in: whatever the projection had not finished must survive in the bus.
            first.KillHard();
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        }

        await using var second = await StandaloneProcess.StartAsync(_data);
        using var http2 = second.CreateClient();
        var again = new OrderWebhookClient(http2);
        for (var i = 0; i < count; i++)
            await again.WaitForOrderAsync("zj-industrial", $"KILL-{i}", timeout: TimeSpan.FromSeconds(30));

        // And the deliveries are remembered: a platform retrying after the crash gets its duplicate answer.
        using var retry = await again.PostAsync(OrderWebhookClient.Order("KILL-7", 1), "msg_kill_7");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task every_redelivery_of_an_acknowledged_delivery_is_a_duplicate()
    {
        // Before, the delivery record followed its event in a later group commit: killed while the writer was busy, the
        // newest acknowledged deliveries had their events on disk but no record, and their redeliveries answered 202
        // "duplicate": false. So the process is killed under load, the instant the target number of 202s is in.
        const int rounds = 3, target = 300, senders = 32;
        var acknowledged = new ConcurrentQueue<(string DeliveryId, string IngestionId, byte[] Body)>();
        for (var round = 0; round < rounds; round++)
        {
            await using var host = await StandaloneProcess.StartAsync(_data);
            using var http = host.CreateClient();
            var client = new OrderWebhookClient(http);
            var inRound = 0;
            var killed = 0;
            await Task.WhenAll(Enumerable.Range(0, senders).Select(async sender =>
            {
                for (var i = 0; Volatile.Read(ref killed) == 0; i++)
                {
                    var deliveryId = $"msg_redeliver_{round}_{sender}_{i}";
                    var body = Encoding.UTF8.GetBytes(OrderWebhookClient.Order($"REDELIVER-{round}-{sender}-{i}", 1).ToJsonString());
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.PostRawAsync(body, deliveryId);
                    }
                    catch (Exception) when (Volatile.Read(ref killed) == 1)
                    {
                        return; // in flight when the process died: never acknowledged
                    }
                    using (response)
                    {
                        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                        var json = await OrderWebhookClient.JsonOf(response);
                        acknowledged.Enqueue((deliveryId, json.GetProperty("ingestionId").GetString()!, body));
                    }
                    if (Interlocked.Increment(ref inRound) == target && Interlocked.Exchange(ref killed, 1) == 0) host.KillHard();
                }
            }));
        }

        await using var restarted = await StandaloneProcess.StartAsync(_data);
        using var http2 = restarted.CreateClient();
        var again = new OrderWebhookClient(http2);
        var answeredAsNew = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (a, _) =>
        {
            using var response = await again.PostRawAsync(a.Body, a.DeliveryId);
            var json = await OrderWebhookClient.JsonOf(response);
            var duplicate = json.TryGetProperty("duplicate", out var d) && d.GetBoolean();
            var same = json.TryGetProperty("ingestionId", out var id) && id.GetString() == a.IngestionId;
            if (response.StatusCode != HttpStatusCode.OK || !duplicate || !same) answeredAsNew.Enqueue($"{a.DeliveryId}: {(int)response.StatusCode} duplicate={duplicate}");
        });

        Assert.True(answeredAsNew.IsEmpty,
            $"{answeredAsNew.Count} of {acknowledged.Count} acknowledged deliveries were not answered 200 duplicate with their first ingestion id: {string.Join(", ", answeredAsNew.Take(20))}");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
