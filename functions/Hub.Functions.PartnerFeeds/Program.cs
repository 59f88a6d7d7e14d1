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

builder.Build().Run();
