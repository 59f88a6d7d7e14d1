using System.Net;
using Hub.Testing;
using Hub.Testing.Telemetry;

namespace Hub.EndToEnd.Tests;

/// <summary>The real Standalone process with an OTLP endpoint set, exporting to a collector on loopback.</summary>
public sealed class ExportingStandaloneFixture : IAsyncLifetime
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "hub-e2e-otlp-" + Guid.NewGuid().ToString("N"));
    public OtlpReceiver Collector { get; private set; } = null!;
    public StandaloneProcess Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public OrderWebhookClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Collector = await OtlpReceiver.StartAsync();
        Host = await StandaloneProcess.StartAsync(DataPath, settings: new Dictionary<string, string>(Collector.Settings));
        Http = Host.CreateClient();
        Client = new OrderWebhookClient(Http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Collector.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }
}

public sealed class when_standalone_exports_telemetry(ExportingStandaloneFixture fixture) : IClassFixture<ExportingStandaloneFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task one_webhook_yields_one_trace_whose_spans_cover_receive_publish_and_project()
    {
        using var response = await fixture.Client.PostAsync(OrderWebhookClient.Order("E2E-TRACE-1", 1), "msg_e2e_trace_1");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await OrderWebhookClient.JsonOf(response)).GetProperty("ingestionId").GetString()!;
        await fixture.Client.WaitForOrderAsync("zj-industrial", "E2E-TRACE-1");

        var process = await fixture.Collector.WaitForSpanAsync(
            s => s.Name == "process orders" && s.Attributes.GetValueOrDefault("messaging.message.id") == eventId
                 && s.Attributes.GetValueOrDefault("messaging.destination.subscription.name") == "read-store", Patience);
        var publish = await fixture.Collector.WaitForSpanAsync(
            s => s.Name == "publish orders" && s.Attributes.GetValueOrDefault("messaging.message.id") == eventId, Patience);
        var receive = await fixture.Collector.WaitForSpanAsync(s => s.SpanId == publish.ParentSpanId, Patience);

        Assert.Equal(OtlpSpanKind.Server, receive.Kind);
        Assert.Equal("/api/webhooks/orders/zj-industrial", receive.Attributes.GetValueOrDefault("url.path"));
        Assert.Equal("", receive.ParentSpanId);
        Assert.Equal(OtlpSpanKind.Producer, publish.Kind);
        Assert.Equal(OtlpSpanKind.Consumer, process.Kind);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.All(new[] { publish, process }, s => Assert.Equal(receive.TraceId, s.TraceId));
        // One delivery per subscription (the read store, the partner push), each in the same trace, each once.
        var pushed = await fixture.Collector.WaitForSpanAsync(
            s => s.Name == "process orders" && s.Attributes.GetValueOrDefault("messaging.message.id") == eventId
                 && s.Attributes.GetValueOrDefault("messaging.destination.subscription.name") == "partner-push", Patience);
        Assert.Equal(publish.SpanId, pushed.ParentSpanId);
        Assert.Equal(receive.TraceId, pushed.TraceId);
        Assert.Equal(["partner-push", "read-store"], fixture.Collector.Spans
            .Where(s => s.Name == "process orders" && s.Attributes.GetValueOrDefault("messaging.message.id") == eventId)
            .Select(s => s.Attributes.GetValueOrDefault("messaging.destination.subscription.name")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task accepted_duplicate_and_rejected_deliveries_are_counted_per_platform()
    {
        const string platform = "zj-industrial";
        var order = OrderWebhookClient.Order("E2E-METRICS-1", 1);
        using (var good = await fixture.Client.PostAsync(order, "msg_e2e_metrics_1")) Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        using (var again = await fixture.Client.PostAsync(order, "msg_e2e_metrics_1")) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using (var stale = await fixture.Client.PostRawAsync(System.Text.Encoding.UTF8.GetBytes(order.ToJsonString()), "msg_e2e_metrics_2",
                   signedAt: DateTimeOffset.UtcNow.AddHours(-1)))
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);

        bool OfPlatform(OtlpMetricPoint p) => p.Attributes.GetValueOrDefault("hub.platform") == platform;
        var accepted = await fixture.Collector.WaitForMetricAsync("hub.webhooks.accepted", OfPlatform, p => p?.Value >= 1, Patience);
        var duplicate = await fixture.Collector.WaitForMetricAsync("hub.webhooks.duplicate", OfPlatform, p => p?.Value >= 1, Patience);
        var rejected = await fixture.Collector.WaitForMetricAsync("hub.webhooks.rejected",
            p => OfPlatform(p) && p.Attributes.GetValueOrDefault("hub.reason") == "signature", p => p?.Value >= 1, Patience);

        Assert.True(accepted?.Value >= 1, "hub.webhooks.accepted was not exported");
        Assert.True(duplicate?.Value >= 1, "hub.webhooks.duplicate was not exported");
        Assert.Equal(1, rejected?.Value);
    }

    [Fact]
    public async Task the_bus_reports_its_backlog_and_dead_letters_per_subscription()
    {
        var backlog = await fixture.Collector.WaitForMetricAsync("hub.bus.backlog",
            p => p.Attributes.GetValueOrDefault("messaging.destination.name") == "stock"
                 && p.Attributes.GetValueOrDefault("messaging.destination.subscription.name") == "runner",
            p => p is not null, Patience);
        var dead = await fixture.Collector.WaitForMetricAsync("hub.bus.dead_letters",
            p => p.Attributes.GetValueOrDefault("messaging.destination.name") == "orders"
                 && p.Attributes.GetValueOrDefault("messaging.destination.subscription.name") == "read-store",
            p => p is not null, Patience);

        Assert.NotNull(backlog);
        Assert.Equal("hub.sqlite", backlog.Attributes["messaging.system"]);
        Assert.NotNull(dead);
        Assert.Equal(0, dead.Value);
    }
}
