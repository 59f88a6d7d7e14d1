using Hub.Azure;
using Hub.Core;
using Hub.Core.Auth;
using Hub.Telemetry;
using Hub.ReadStore;
using Hub.Matchmaking.Outputs;
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
    // Matchmaking outputs (OUT); the integrator folds this into REG's AddMatchmaking().
    .AddMatchmakingOutputs();

builder.Build().Run();
