using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;

namespace Hub.Orders.Tests;

public sealed class when_one_webhook_is_delivered_many_times_at_once
{
    private const int Deliveries = 100;

    [Fact]
    public async Task exactly_one_is_accepted_and_published_and_the_rest_are_duplicates_of_it()
    {
        var hub = new WebhookHarness(idempotencyDelay: TimeSpan.FromMilliseconds(5));
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8();
        var ct = TestContext.Current.CancellationToken;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ =>
            Task.Run(() => hub.Handler.HandleAsync(hub.Signed("zj-industrial", "msg_zj_1001_v1", body), ct), ct)));

        var expectedId = OrderWebhookNormaliser.IngestionIdFor("zj-industrial", "msg_zj_1001_v1");
        Assert.Single(outcomes, o => o is WebhookOutcome.Accepted);
        Assert.Equal(Deliveries - 1, outcomes.Count(o => o is WebhookOutcome.Duplicate));
        Assert.All(outcomes, o => Assert.Equal(expectedId, o switch
        {
            WebhookOutcome.Accepted a => a.IngestionId,
            WebhookOutcome.Duplicate d => d.IngestionId,
            _ => $"unexpected {o}",
        }));
        Assert.Single(hub.Bus.Published);
    }

    [Fact]
    public async Task while_the_bus_is_down_none_is_accepted_and_the_next_delivery_is()
    {
        var hub = new WebhookHarness(idempotencyDelay: TimeSpan.FromMilliseconds(5));
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8();
        var ct = TestContext.Current.CancellationToken;
        hub.Bus.Unavailable = true;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => hub.Handler.HandleAsync(hub.Signed("zj-industrial", "msg_zj_1001_v1", body), ct), ct)));

        Assert.All(outcomes, o => Assert.IsType<WebhookOutcome.BusUnavailable>(o));
        Assert.Empty(hub.Deliveries.Records);

        hub.Bus.Unavailable = false;
        var retry = await hub.Handler.HandleAsync(hub.Signed("zj-industrial", "msg_zj_1001_v1", body), ct);

        Assert.IsType<WebhookOutcome.Accepted>(retry);
        Assert.Single(hub.Bus.Published);
    }

    [Fact]
    public async Task when_the_first_delivery_is_abandoned_a_waiting_one_takes_over()
    {
        var hub = new WebhookHarness();
        var body = Seeds.WebhookBody("01-zj-order-received.json").ToUtf8();
        var ct = TestContext.Current.CancellationToken;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Look-up 1 is the first delivery's, once it owns the id: held until its caller hangs up.
        hub.Deliveries.BeforeFind = async (call, token) =>
        {
            if (call != 1) return;
            held.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        using var firstCaller = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var first = hub.Handler.HandleAsync(hub.Signed("zj-industrial", "msg_zj_1001_v1", body), firstCaller.Token);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var second = hub.Handler.HandleAsync(hub.Signed("zj-industrial", "msg_zj_1001_v1", body), ct);
        await firstCaller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.IsType<WebhookOutcome.Accepted>(await second.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Single(hub.Bus.Published);
    }
}
