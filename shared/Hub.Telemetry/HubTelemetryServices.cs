using Azure.Monitor.OpenTelemetry.Exporter;
using Hub.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hub.Telemetry;

/// <summary>
/// OpenTelemetry for a hub host: the hub's spans and metrics (<see cref="HubTelemetry"/>, <see cref="HubMetrics"/>) with
/// ASP.NET Core's, sent where the standard settings say. Nothing is collected unless an exporter is configured, so that a
/// hub nobody watches pays nothing for it on the webhook path.
/// </summary>
public static class HubTelemetryServices
{
    /// <summary>Where OTLP goes (the OpenTelemetry SDK's own setting; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>_HEADERS</c> apply too).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Application Insights, as the Functions platform sets it for an app that has one.</summary>
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>service.name</c> unless this is set.</summary>
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    /// <summary>
    /// Registers tracing and metrics when <see cref="OtlpEndpointSetting"/> or <see cref="AzureMonitorSetting"/> is set,
    /// with an exporter for each that is; otherwise registers nothing. A malformed OTLP endpoint stops the host at start.
    /// </summary>
    /// <param name="serviceName">The host's <c>service.name</c> (<c>hub-standalone</c>, <c>hub-order-sync</c>...).</param>
    /// <param name="configure">What the host adds (the Functions worker's own instrumentation).</param>
    public static TBuilder AddHubTelemetry<TBuilder>(this TBuilder builder, string serviceName, Action<OpenTelemetryBuilder>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var exporters = HubTelemetryExporters.From(builder.Configuration);
        if (exporters.None) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameSetting])) resource.AddService(serviceName);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(HubTelemetry.Name).AddAspNetCoreInstrumentation();
                if (exporters.Otlp) tracing.AddOtlpExporter();
                if (exporters.AzureMonitor) tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = exporters.AzureMonitorConnectionString);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HubTelemetry.Name).AddAspNetCoreInstrumentation();
                if (exporters.Otlp) metrics.AddOtlpExporter();
                if (exporters.AzureMonitor) metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = exporters.AzureMonitorConnectionString);
            });
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<HubMetrics>();
        // Made at start rather than at the first webhook, so that the bus gauges report from the start.
        builder.Services.AddHostedService<HubMetricsAtStart>();
        configure?.Invoke(telemetry);
        return builder;
    }

    private sealed class HubMetricsAtStart(HubMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Which exporters a host's configuration asks for.</summary>
public sealed record HubTelemetryExporters(bool Otlp, string? AzureMonitorConnectionString)
{
    public bool AzureMonitor => AzureMonitorConnectionString is not null;
    public bool None => !Otlp && !AzureMonitor;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the setting when the OTLP endpoint is not an absolute http(s) URI.</summary>
    public static HubTelemetryExporters From(IConfiguration configuration)
    {
        var endpoint = configuration[HubTelemetryServices.OtlpEndpointSetting];
        var otlp = !string.IsNullOrWhiteSpace(endpoint);
        if (otlp && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            throw new InvalidOperationException(
                $"{HubTelemetryServices.OtlpEndpointSetting} must be an absolute http:// or https:// URI (e.g. http://localhost:4317); it is '{endpoint}'.");
        var azureMonitor = configuration[HubTelemetryServices.AzureMonitorSetting];
        return new HubTelemetryExporters(otlp, string.IsNullOrWhiteSpace(azureMonitor) ? null : azureMonitor);
    }
}
