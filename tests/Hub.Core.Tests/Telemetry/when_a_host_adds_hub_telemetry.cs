using System.Diagnostics;
using Hub.Core.Telemetry;
using Hub.Telemetry;
using Hub.Testing.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hub.Core.Tests.Telemetry;

[Collection(TelemetryListeners.Name)]
public sealed class when_a_host_adds_hub_telemetry
{
    private static IHost Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHubTelemetry("hub-tests");
        return builder.Build();
    }

    [Fact]
    public void without_an_exporter_setting_no_provider_is_registered_and_the_hub_source_has_no_listener()
    {
        using var host = Build(new Dictionary<string, string?>());

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.False(HubTelemetry.Source.HasListeners());
    }

    [Fact]
    public async Task an_otlp_endpoint_exports_the_hub_spans_there()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var host = Build(collector.Settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        var tracing = host.Services.GetRequiredService<TracerProvider>();
        Assert.NotNull(host.Services.GetService<MeterProvider>());

        string traceId;
        using (var publish = HubTelemetry.StartPublish("hub.test", "orders", []))
        {
            Assert.NotNull(publish);
            traceId = publish.TraceId.ToHexString();
        }
        Assert.True(tracing.ForceFlush(10_000));

        var exported = await collector.WaitForSpanAsync(s => s.TraceId == traceId, TimeSpan.FromSeconds(10));
        Assert.Equal("publish orders", exported.Name);
        Assert.Equal(OtlpSpanKind.Producer, exported.Kind);
    }

    [Fact]
    public void an_application_insights_connection_string_turns_tracing_and_metrics_on()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            [HubTelemetryServices.AzureMonitorSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("localhost:4317")]
    [InlineData("ftp://collector:4317")]
    [InlineData("collector")]
    public void a_malformed_otlp_endpoint_stops_the_host_naming_the_setting(string endpoint)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build(new Dictionary<string, string?> { [HubTelemetryServices.OtlpEndpointSetting] = endpoint }));

        Assert.Contains(HubTelemetryServices.OtlpEndpointSetting, e.Message);
        Assert.Contains($"'{endpoint}'", e.Message);
    }
}
