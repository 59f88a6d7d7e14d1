using Hub.Azure;
using Hub.Core;
using Hub.Core.Auth;
using Hub.Matchmaking;
using Hub.PartnerFeeds.ReadSide;
using Hub.Telemetry;
using Hub.ReadStore;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddHubLogging();
builder.AddHubTelemetry("hub-read-store", otel => otel.UseFunctionsWorkerDefaults());

builder.Services
    .AddHubCore()
    .AddSampleCredentialCheck(SampleCredentialCheck.FunctionsAppAddresses)
    .AddAzureAdapters(builder.Configuration)
    .AddOrderReadStore()
    .AddStockReadStore()
    // Matchmaking's read routes only: registration and runs belong to the Matchmaking app.
    .AddMatchmakingReadSide()
    .AddPartnerFeedsReadSide();

builder.Build().Run();
