using Hub.Core;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Embedded;
using Hub.Matchmaking;
using Hub.Matchmaking.Runs;
using Hub.Orders;
using Hub.PartnerFeeds;
using Hub.PartnerFeeds.ReadSide;
using Hub.ReadStore;
using Hub.Standalone;
using Hub.Standalone.Demo;
using Hub.StockReports;
using Hub.Telemetry;
using Microsoft.Extensions.Options;

if (KeysCommand.Handles(args)) return KeysCommand.Run(args, Console.Out, Console.Error);

var (hostArgs, demo) = StandaloneArguments.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddHubLogging();
builder.AddHubTelemetry("hub-standalone");
builder.Configuration.AddCommandLine(hostArgs, StandaloneArguments.SwitchMappings);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:7071");

builder.Services
    .AddHubCore()
    .AddEmbeddedAdapters()
    .AddOrderSync()
    .AddOrderReadStore()
    .AddStockReports()
    .AddStockReportWorker()
    .AddStockReadStore()
    .AddMatchmaking()
    .AddMatchmakingRuns()
    .AddMatchmakingRunWorker()
    .AddPartnerFeeds()
    .AddPartnerPullScheduler()
    .AddPartnerPushes()
    .AddPartnerFeedsReadSide();
builder.Services.AddProblemDetails();
if (demo) builder.AddDemo();

var app = builder.Build();
app.UseExceptionHandler();
app.MapHubRoutes();
var hub = app.Services.GetRequiredService<IOptions<HubOptions>>().Value;
var registry = app.Services.GetRequiredService<HubRegistry>();
// Before Run, which is when Kestrel binds: a refused hub has never been reachable with the published samples.
if (SampleCredentials.Refusal(registry, ListeningAddresses.From(app.Configuration)) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 3;
}
app.Logger.LogInformation("Data folder {DataPath}; registry {RegistryPath}: {Platforms} platform(s), {Operators} warehouse operator(s), {Keys} API key(s)",
    Path.GetFullPath(hub.DataPath), Path.GetFullPath(hub.RegistryPath), registry.Platforms.Count, registry.Operators.Count, registry.ApiKeys.Count);
app.Run();
return 0;

/// <summary>Exposed so that end-to-end tests can host the real composition.</summary>
public partial class Program;
