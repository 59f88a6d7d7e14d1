using Hub.Core;
using Hub.Embedded;
using Hub.Orders;
using Hub.ReadStore;
using Hub.Standalone;
using Hub.Standalone.Demo;
using Hub.StockReports;

var (hostArgs, demo) = StandaloneArguments.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.Configuration.AddCommandLine(hostArgs, StandaloneArguments.SwitchMappings);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:7071");

builder.Services
    .AddHubCore()
    .AddEmbeddedAdapters()
    .AddOrderSync()
    .AddOrderReadStore()
    .AddStockReports()
    .AddStockReportWorker()
    .AddStockReadStore();
builder.Services.AddProblemDetails();
if (demo)
{
    // The demo prints its own account of each sample; the per-event logs would bury it.
    builder.Logging.AddFilter("Hub", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
    // Except where it listens and how to stop it, which a user of the demo needs as much as anyone.
    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    builder.Services.AddHostedService<DemoReplay>();
}

var app = builder.Build();
app.UseExceptionHandler();
app.MapHubRoutes();
app.Run();

/// <summary>Exposed so that end-to-end tests can host the real composition.</summary>
public partial class Program;
