using Hub.Azure;
using Hub.Core;
using Hub.Core.Auth;
using Hub.PartnerFeeds;
using Hub.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddHubLogging();
builder.AddHubTelemetry("hub-partner-feeds", otel => otel.UseFunctionsWorkerDefaults());

builder.Services
    .AddHubCore()
    .AddSampleCredentialCheck(SampleCredentialCheck.FunctionsAppAddresses)
    .AddAzureAdapters(builder.Configuration)
    .AddPartnerFeeds();

// Pushes in (partner events) and out (orders/partner-push); the sync registers itself beside it.
builder.Services.AddPartnerPushes();

builder.Build().Run();
