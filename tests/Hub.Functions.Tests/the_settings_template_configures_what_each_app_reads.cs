using Hub.Azure;
using Hub.Core;
using Hub.Functions.OrderSync;
using Hub.Functions.ReadStore;
using Hub.Functions.StockReports;
using Hub.Functions.Matchmaking;
using Hub.Functions.PartnerFeeds;
using Hub.Matchmaking;
using Hub.Matchmaking.Runs;
using Hub.Orders;
using Hub.PartnerFeeds;
using Hub.PartnerFeeds.ReadSide;
using Hub.ReadStore;
using Hub.StockReports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Functions.Tests;

/// <summary>
/// local.settings.template.json is what a developer copies to run an app; it must hold every setting the app validates
/// at start-up, and the trigger's connection. The composition below is each Program.cs's, line for line.
/// </summary>
public sealed class the_settings_template_configures_what_each_app_reads
{
    private static IConfiguration Configuration(FunctionsApp app) => new ConfigurationBuilder()
        // App settings use "__" where configuration keys use ":", as the Functions host maps them.
        .AddInMemoryCollection(app.TemplateSettings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":"), (string?)p.Value)))
        .Build();

    private static ServiceProvider Compose(FunctionsApp app, Action<IServiceCollection> addCapability, params Type[] functions)
    {
        var configuration = Configuration(app);
        var services = new ServiceCollection().AddSingleton(configuration).AddLogging();
        services.AddHubCore().AddAzureAdapters(configuration);
        addCapability(services);
        foreach (var function in functions) services.AddTransient(function);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public void order_sync_starts_with_the_template_settings_and_can_build_its_function()
    {
        using var app = Compose(FunctionsApp.OrderSync, s => s.AddOrderSync(), typeof(ReceiveOrderWebhook));

        app.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void read_store_starts_with_the_template_settings_and_can_build_its_functions()
    {
        using var app = Compose(FunctionsApp.ReadStore, s => s.AddOrderReadStore().AddStockReadStore().AddMatchmakingReadSide().AddPartnerFeedsReadSide(),
            typeof(ProjectOrder), typeof(GetOrder), typeof(ListOrders), typeof(Health), typeof(Ready),
            typeof(ProjectStock), typeof(GetStockReport), typeof(GetStockReportErrors), typeof(GetStockBySku), typeof(ListWarehouseStock),
            typeof(ListDeadLetters), typeof(ReplayDeadLetter), typeof(OpenApiDocument),
            typeof(GetExpo), typeof(ListParticipants), typeof(GetMatchmakingRun), typeof(ListMatchmakingRuns), typeof(GetAgenda), typeof(GetMeetingsCsv), typeof(ListMeetings),
            typeof(ProjectPartnerRecord), typeof(ListPartnerFeeds), typeof(ListPartnerRecords), typeof(ListPartnerQuarantine));

        app.GetRequiredService<IStartupValidator>().Validate();
        // errors.csv is streamed from the blob store: the read-store app needs it as much as the stock-reports app.
        Assert.IsType<Hub.Azure.Blobs.AzureBlobStore>(app.GetRequiredService<Hub.Core.Storage.IBlobStore>());
    }

    [Fact]
    public async Task the_read_store_app_lists_and_replays_service_bus_dead_letters()
    {
        // The template's namespace is a placeholder the Service Bus client refuses; any well-formed one builds the client.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(Configuration(FunctionsApp.ReadStore))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceBus:fullyQualifiedNamespace"] = "hub-tests.servicebus.windows.net" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddHubCore().AddAzureAdapters(configuration).AddOrderReadStore().AddStockReadStore();
        await using var app = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // The dead-letter functions read Service Bus's own dead-letter queues, not a store of the hub's.
        Assert.IsType<Hub.Azure.Messaging.ServiceBusDeadLetters>(app.GetRequiredService<Hub.Core.Events.IDeadLetters>());
    }

    [Fact]
    public void stock_reports_starts_with_the_template_settings_and_can_build_its_functions()
    {
        using var app = Compose(FunctionsApp.StockReports, s => s.AddStockReports(),
            typeof(UploadStockReport), typeof(RerunStockReport), typeof(ReceiveStockReportBlob), typeof(RunStockReport), typeof(SweepStockReports), typeof(SweepStockReportRetention));

        app.GetRequiredService<IStartupValidator>().Validate();
        // As in Standalone: a received report is run by a run request through the bus, which RunStockReport consumes with
        // the handler the capability registers for its row.
        Assert.Equal([Hub.Contracts.Consumers.RunStockReport], app.GetServices<Hub.Core.Events.EventHandlerRegistration>().Select(r => r.Consumer));
    }

    [Fact]
    public void matchmaking_starts_with_the_template_settings_and_can_build_its_functions()
    {
        using var app = Compose(FunctionsApp.Matchmaking, s => s.AddMatchmaking().AddMatchmakingRuns(),
            typeof(PutExpo), typeof(UpsertExhibitors), typeof(UpsertBuyers), typeof(CancelParticipant),
            typeof(RequestMatchmakingRun), typeof(PublishMatchmakingRun), typeof(RunMatchmaking), typeof(SweepMatchmakingRuns));

        app.GetRequiredService<IStartupValidator>().Validate();
        // As in Standalone: a requested run is run by a run request through the bus, which RunMatchmaking consumes with
        // the handler the capability registers for its row.
        Assert.Equal([Hub.Contracts.Consumers.RunMatchmaking], app.GetServices<Hub.Core.Events.EventHandlerRegistration>().Select(r => r.Consumer));
    }

    [Fact]
    public void partner_feeds_starts_with_the_template_settings_and_can_build_its_pull_functions()
    {
        using var app = Compose(FunctionsApp.PartnerFeeds, s => s.AddPartnerFeeds(),
            typeof(PullPartnerFeed), typeof(SchedulePartnerPulls), typeof(RequestPartnerSync), typeof(ReprocessPartnerQuarantine));

        app.GetRequiredService<IStartupValidator>().Validate();
        // As in Standalone: a pull request is pulled by the puller through the bus, with the handler the capability registers for its row.
        Assert.Contains(Hub.Contracts.Consumers.PullPartnerFeed, app.GetServices<Hub.Core.Events.EventHandlerRegistration>().Select(r => r.Consumer));
    }

    [Fact]
    public void the_blob_trigger_connection_is_the_blobs_setting_the_adapters_also_use()
    {
        var connection = (string)FunctionsApp.StockReports.Binding("ReceiveStockReportBlob", "blob")["connection"]!;
        var settings = FunctionsApp.StockReports.TemplateSettings;

        Assert.Equal(ReceiveStockReportBlob.Connection, connection);
        // The adapters read Blobs__connectionString (or Blobs__serviceUri); the trigger reads a connection string from the
        // setting of its own name (or the identity-based Blobs__serviceUri in Azure). Locally both point at Azurite.
        Assert.Equal("UseDevelopmentStorage=true", settings[$"{connection}__connectionString"]);
        Assert.Equal(settings[$"{connection}__connectionString"], settings[connection]);
    }

    [Theory]
    [InlineData("ReadStore", "ProjectOrder")]
    [InlineData("StockReports", "RunStockReport")]
    [InlineData("Matchmaking", "RunMatchmaking")]
    public void the_service_bus_trigger_connection_is_the_identity_based_setting_the_adapters_also_use(string name, string function)
    {
        var app = FunctionsApp.Named(name);
        var connection = (string)app.Binding(function, "message")["connection"]!;

        Assert.Contains($"{connection}__fullyQualifiedNamespace", app.TemplateSettings.Keys);
    }

    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    [InlineData("StockReports")]
    [InlineData("Matchmaking")]
    public void the_registry_path_points_from_the_app_output_folder_to_the_seed_registry(string name)
    {
        var app = FunctionsApp.Named(name);
        var relative = app.TemplateSettings["Hub__RegistryPath"];

        // func start runs the worker in the build output folder, so the relative path starts there.
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, relative)), $"{relative} is not a file seen from {app.OutputDirectory}.");
        Assert.Equal("FUNCTIONS_WORKER_RUNTIME", app.TemplateSettings.Keys.First());
        Assert.Equal("dotnet-isolated", app.TemplateSettings["FUNCTIONS_WORKER_RUNTIME"]);
    }
}
