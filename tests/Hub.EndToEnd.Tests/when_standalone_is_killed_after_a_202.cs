using System.Net;
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

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
