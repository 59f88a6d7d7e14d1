using System.Reflection;
using Hub.Core.Telemetry;
using Hub.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hub.Functions.Tests;

/// <summary>Each app's own Program.cs, built (not started) with and without the settings that turn telemetry on.</summary>
public sealed class each_app_registers_telemetry_when_application_insights_is_configured
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    public static TheoryData<string> Apps => ["OrderSync", "ReadStore", "StockReports", "Matchmaking"];

    private static Assembly AppAssembly(string app) => app switch
    {
        "OrderSync" => typeof(Hub.Functions.OrderSync.ReceiveOrderWebhook).Assembly,
        "ReadStore" => typeof(Hub.Functions.ReadStore.ProjectOrder).Assembly,
        "StockReports" => typeof(Hub.Functions.StockReports.UploadStockReport).Assembly,
        "Matchmaking" => typeof(Hub.Functions.Matchmaking.RunMatchmaking).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(app), app, null),
    };

    [Theory]
    [MemberData(nameof(Apps))]
    public void with_an_application_insights_connection_string_the_app_traces_and_meters(string app)
    {
        using var host = AppComposition.Build(AppAssembly(app), $"--{HubTelemetryServices.AzureMonitorSetting}={ConnectionString}");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.NotNull(host.Services.GetService<HubMetrics>());
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void with_an_otlp_endpoint_the_app_traces_and_meters(string app)
    {
        using var host = AppComposition.Build(AppAssembly(app), $"--{HubTelemetryServices.OtlpEndpointSetting}=http://127.0.0.1:4318");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void with_neither_the_app_collects_nothing(string app)
    {
        using var host = AppComposition.Build(AppAssembly(app));

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }
}
