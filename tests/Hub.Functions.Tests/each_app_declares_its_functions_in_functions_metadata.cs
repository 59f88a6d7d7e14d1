using System.Reflection;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Functions.StockReports;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Tests;

/// <summary>
/// Reads the functions.metadata that the build wrote next to each app: what the Functions host indexes and the scale
/// controller reads. A wrong route, trigger type or setting name here is an app that deploys fine and never fires.
/// </summary>
public sealed class each_app_declares_its_functions_in_functions_metadata
{
    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "OrderSync", "ReceiveOrderWebhook", "post", "webhooks/orders/{platformId}" },
        { "ReadStore", "GetOrder", "get", "orders/{platformId}/{orderId}" },
        { "ReadStore", "ListOrders", "get", "orders" },
        { "ReadStore", "Health", "get", "health" },
        { "ReadStore", "Ready", "get", "health/ready" },
        { "ReadStore", "GetStockReport", "get", "warehouses/{operatorId}/stock-reports/{reportId}" },
        { "ReadStore", "GetStockReportErrors", "get", "warehouses/{operatorId}/stock-reports/{reportId}/errors.csv" },
        { "ReadStore", "GetStockBySku", "get", "stock/{sku}" },
        { "ReadStore", "ListWarehouseStock", "get", "warehouses/{warehouseCode}/stock" },
        { "ReadStore", "ListDeadLetters", "get", "admin/dead-letters" },
        { "ReadStore", "ReplayDeadLetter", "post", "admin/dead-letters/{id}/replay" },
        { "ReadStore", "OpenApiDocument", "get", "openapi.json" },
        { "ReadStore", "ListMeetings", "get", "expos/{expoId}/matchmaking-runs/{runId}/meetings" },
        { "ReadStore", "GetMeetingsCsv", "get", "expos/{expoId}/matchmaking-runs/{runId}/meetings.csv" },
        { "ReadStore", "GetAgenda", "get", "expos/{expoId}/participants/{participantId}/agenda.ics" },
        { "StockReports", "UploadStockReport", "put", "warehouses/{operatorId}/stock-reports/{fileName}" },
        { "StockReports", "RerunStockReport", "post", "warehouses/{operatorId}/stock-reports/{reportId}/rerun" },
        // Matchmaking.
        { "Matchmaking", "PutExpo", "put", "expos/{expoId}" },
        { "Matchmaking", "UpsertExhibitors", "put", "expos/{expoId}/exhibitors" },
        { "Matchmaking", "UpsertBuyers", "put", "expos/{expoId}/buyers" },
        { "Matchmaking", "CancelParticipant", "delete", "expos/{expoId}/participants/{participantId}" },
        { "ReadStore", "GetExpo", "get", "expos/{expoId}" },
        { "ReadStore", "ListParticipants", "get", "expos/{expoId}/participants" },
        { "ReadStore", "GetMatchmakingRun", "get", "expos/{expoId}/matchmaking-runs/{runId}" },
        { "ReadStore", "ListMatchmakingRuns", "get", "expos/{expoId}/matchmaking-runs" },
        { "Matchmaking", "RequestMatchmakingRun", "post", "expos/{expoId}/matchmaking-runs" },
        { "Matchmaking", "PublishMatchmakingRun", "post", "expos/{expoId}/matchmaking-runs/{runId}/publish" },
        // Partner feeds' read side.
        { "ReadStore", "ListPartnerFeeds", "get", "partners/{partnerId}/feeds" },
        { "ReadStore", "ListPartnerRecords", "get", "partners/{partnerId}/records" },
        { "ReadStore", "ListPartnerQuarantine", "get", "partners/{partnerId}/quarantine" },
    };

    private static FunctionsApp App(string name) => FunctionsApp.Named(name);

    [Fact]
    public void order_sync_has_exactly_the_webhook_function() =>
        Assert.Equal(["ReceiveOrderWebhook"], FunctionsApp.OrderSync.FunctionNames.Order());

    [Fact]
    public void read_store_has_the_projections_the_queries_the_health_probes_the_dead_letters_and_the_openapi_document() =>
        Assert.Equal(
            ["GetAgenda", "GetExpo", "GetMatchmakingRun", "GetMeetingsCsv", "GetOrder", "GetStockBySku", "GetStockReport", "GetStockReportErrors", "Health",
             "ListDeadLetters", "ListMatchmakingRuns", "ListMeetings", "ListOrders", "ListParticipants", "ListPartnerFeeds", "ListPartnerQuarantine",
             "ListPartnerRecords", "ListWarehouseStock", "OpenApiDocument", "ProjectOrder", "ProjectPartnerRecord", "ProjectStock", "Ready", "ReplayDeadLetter"],
            FunctionsApp.ReadStore.FunctionNames.Order());

    [Fact]
    public void stock_reports_has_exactly_the_upload_the_rerun_the_blob_intake_the_runner_and_the_two_sweeps() =>
        Assert.Equal(["ReceiveStockReportBlob", "RerunStockReport", "RunStockReport", "SweepStockReportRetention", "SweepStockReports", "UploadStockReport"],
            FunctionsApp.StockReports.FunctionNames.Order());

    [Fact]
    public void matchmaking_has_the_registration_the_run_request_the_publish_the_engine_consumer_and_the_sweep() =>
        Assert.Equal(["CancelParticipant", "PublishMatchmakingRun", "PutExpo", "RequestMatchmakingRun", "RunMatchmaking", "SweepMatchmakingRuns",
                "UpsertBuyers", "UpsertExhibitors"],
            FunctionsApp.Matchmaking.FunctionNames.Order());

    [Fact]
    public void the_retention_sweep_is_a_timer_trigger_every_ten_minutes_that_does_not_run_at_start_up()
    {
        var trigger = Assert.IsType<JsonObject>(Assert.Single(FunctionsApp.StockReports.Function("SweepStockReportRetention")["bindings"]!.AsArray()));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal("0 */10 * * * *", (string?)trigger["schedule"]);
        Assert.Equal(SweepStockReportRetention.Schedule, (string?)trigger["schedule"]);
        Assert.False((bool?)trigger["runOnStartup"] ?? false);
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void http_functions_are_anonymous_triggers_on_their_route_and_method(string app, string function, string method, string route)
    {
        var trigger = App(app).Binding(function, "request");

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string?)m));
        // The hub authenticates itself (platform signatures, API keys); a Functions key would be a second, unshared secret.
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
    }

    [Theory]
    [InlineData("OrderSync", "ReceiveOrderWebhook")]
    [InlineData("ReadStore", "GetOrder")]
    [InlineData("ReadStore", "ListOrders")]
    [InlineData("ReadStore", "Health")]
    [InlineData("ReadStore", "Ready")]
    [InlineData("ReadStore", "GetStockReport")]
    [InlineData("ReadStore", "GetStockReportErrors")]
    [InlineData("ReadStore", "GetStockBySku")]
    [InlineData("ReadStore", "ListWarehouseStock")]
    [InlineData("ReadStore", "ListDeadLetters")]
    [InlineData("ReadStore", "ReplayDeadLetter")]
    [InlineData("ReadStore", "OpenApiDocument")]
    [InlineData("StockReports", "UploadStockReport")]
    [InlineData("StockReports", "RerunStockReport")]
    [InlineData("Matchmaking", "PutExpo")]
    [InlineData("Matchmaking", "UpsertExhibitors")]
    [InlineData("Matchmaking", "UpsertBuyers")]
    [InlineData("Matchmaking", "CancelParticipant")]
    [InlineData("ReadStore", "GetExpo")]
    [InlineData("ReadStore", "ListParticipants")]
    [InlineData("ReadStore", "ListPartnerFeeds")]
    [InlineData("ReadStore", "ListPartnerRecords")]
    [InlineData("ReadStore", "ListPartnerQuarantine")]
    public void http_functions_answer_through_the_http_return_binding(string app, string function)
    {
        var output = App(app).Binding(function, "$return");

        Assert.Equal("http", (string?)output["type"]);
        Assert.Equal("Out", (string?)output["direction"]);
        Assert.Equal(2, App(app).Function(function)["bindings"]!.AsArray().Count);
    }

    [Fact]
    public void project_order_is_a_session_trigger_on_the_read_store_subscription_of_orders()
    {
        var bindings = FunctionsApp.ReadStore.Function("ProjectOrder")["bindings"]!.AsArray();
        var trigger = Assert.IsType<JsonObject>(Assert.Single(bindings));

        Assert.Equal("message", (string?)trigger["name"]);
        Assert.Equal("serviceBusTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal(Topics.Orders, (string?)trigger["topicName"]);
        Assert.Equal("orders", (string?)trigger["topicName"]);
        Assert.Equal(Subscriptions.ReadStore, (string?)trigger["subscriptionName"]);
        Assert.Equal("read-store", (string?)trigger["subscriptionName"]);
        Assert.Null(trigger["queueName"]);
        // The app setting prefix: ServiceBus__fullyQualifiedNamespace (identity) or ServiceBus (connection string).
        Assert.Equal("ServiceBus", (string?)trigger["connection"]);
        Assert.True((bool?)trigger["isSessionsEnabled"]);
        Assert.Equal("One", (string?)trigger["cardinality"]);
        Assert.True((bool?)trigger["autoCompleteMessages"]);
    }

    [Fact]
    public void project_stock_is_a_trigger_without_sessions_on_the_read_store_subscription_of_stock()
    {
        var bindings = FunctionsApp.ReadStore.Function("ProjectStock")["bindings"]!.AsArray();
        var trigger = Assert.IsType<JsonObject>(Assert.Single(bindings));

        Assert.Equal("message", (string?)trigger["name"]);
        Assert.Equal("serviceBusTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal(Topics.Stock, (string?)trigger["topicName"]);
        Assert.Equal("stock", (string?)trigger["topicName"]);
        Assert.Equal("read-store", (string?)trigger["subscriptionName"]);
        Assert.Null(trigger["queueName"]);
        Assert.Equal("ServiceBus", (string?)trigger["connection"]);
        // A session-enabled trigger cannot receive from a subscription without sessions, nor the other way round.
        Assert.False(Topics.UsesSessions(Topics.Stock));
        Assert.False((bool?)trigger["isSessionsEnabled"] ?? false);
        Assert.Equal("One", (string?)trigger["cardinality"]);
        Assert.True((bool?)trigger["autoCompleteMessages"]);
    }

    [Fact]
    public void project_partner_record_is_a_trigger_without_sessions_on_the_read_store_subscription_of_partner_feeds()
    {
        var trigger = Assert.IsType<JsonObject>(Assert.Single(FunctionsApp.ReadStore.Function("ProjectPartnerRecord")["bindings"]!.AsArray()));

        Assert.Equal("serviceBusTrigger", (string?)trigger["type"]);
        Assert.Equal("partner-feeds", (string?)trigger["topicName"]);
        Assert.Equal("read-store", (string?)trigger["subscriptionName"]);
        Assert.Equal("ServiceBus", (string?)trigger["connection"]);
        Assert.False((bool?)trigger["isSessionsEnabled"] ?? false);
        Assert.Equal("One", (string?)trigger["cardinality"]);
    }

    [Fact]
    public void receive_stock_report_blob_is_an_event_grid_blob_trigger_on_the_stock_reports_container()
    {
        var bindings = FunctionsApp.StockReports.Function("ReceiveStockReportBlob")["bindings"]!.AsArray();
        // The trigger alone: the status the function returns goes to logs and tests, not to an output binding.
        var trigger = Assert.IsType<JsonObject>(Assert.Single(bindings));

        Assert.Equal("blob", (string?)trigger["name"]);
        Assert.Equal("blobTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal($"{StockReportBlobs.Reports}/{{name}}", (string?)trigger["path"]);
        Assert.Equal("stock-reports/{name}", (string?)trigger["path"]);
        // Flex Consumption runs only Event Grid blob triggers; the polling source (LogsAndContainerScan) would never fire there.
        Assert.Equal("EventGrid", (string?)trigger["source"]);
        // The setting prefix the adapters read too: Blobs__serviceUri with the app's identity in Azure.
        Assert.Equal("Blobs", (string?)trigger["connection"]);
        // The host hands the worker a reference to the blob, never its bytes.
        Assert.Equal("True", (string?)trigger["properties"]?["supportsDeferredBinding"]);
    }

    [Fact]
    public void receive_stock_report_blob_takes_the_blob_name_from_the_path_and_binds_nothing_that_reads_the_content()
    {
        var parameters = typeof(ReceiveStockReportBlob).GetMethod(nameof(ReceiveStockReportBlob.RunAsync))!.GetParameters();
        var trigger = Assert.Single(parameters, p => p.GetCustomAttribute<BlobTriggerAttribute>() is not null);

        // string, byte[] or Stream would have the worker download the blob; a client is only built.
        Assert.Equal(typeof(BlobClient), trigger.ParameterType);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.GetCustomAttribute<BlobTriggerAttribute>()!.Source);
        var name = Assert.Single(parameters, p => p.Name == "name");
        Assert.Equal(typeof(string), name.ParameterType);
        Assert.Null(name.GetCustomAttribute<Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute>());
    }

    [Theory]
    [InlineData("OrderSync", "ReceiveOrderWebhook")]
    [InlineData("ReadStore", "ProjectOrder")]
    [InlineData("ReadStore", "GetOrder")]
    [InlineData("ReadStore", "ListOrders")]
    [InlineData("ReadStore", "Health")]
    [InlineData("ReadStore", "Ready")]
    [InlineData("ReadStore", "ProjectStock")]
    [InlineData("ReadStore", "GetStockReport")]
    [InlineData("ReadStore", "GetStockReportErrors")]
    [InlineData("ReadStore", "GetStockBySku")]
    [InlineData("ReadStore", "ListWarehouseStock")]
    [InlineData("ReadStore", "ListDeadLetters")]
    [InlineData("ReadStore", "ReplayDeadLetter")]
    [InlineData("ReadStore", "OpenApiDocument")]
    [InlineData("StockReports", "UploadStockReport")]
    [InlineData("StockReports", "ReceiveStockReportBlob")]
    [InlineData("StockReports", "RunStockReport")]
    [InlineData("StockReports", "SweepStockReportRetention")]
    [InlineData("StockReports", "SweepStockReports")]
    [InlineData("StockReports", "RerunStockReport")]
    [InlineData("Matchmaking", "PutExpo")]
    [InlineData("Matchmaking", "UpsertExhibitors")]
    [InlineData("Matchmaking", "UpsertBuyers")]
    [InlineData("Matchmaking", "CancelParticipant")]
    [InlineData("ReadStore", "GetExpo")]
    [InlineData("ReadStore", "ListParticipants")]
    [InlineData("ReadStore", "GetMatchmakingRun")]
    [InlineData("ReadStore", "ListMatchmakingRuns")]
    [InlineData("Matchmaking", "RequestMatchmakingRun")]
    [InlineData("Matchmaking", "PublishMatchmakingRun")]
    [InlineData("Matchmaking", "RunMatchmaking")]
    [InlineData("Matchmaking", "SweepMatchmakingRuns")]
    [InlineData("ReadStore", "ProjectPartnerRecord")]
    [InlineData("ReadStore", "ListPartnerFeeds")]
    [InlineData("ReadStore", "ListPartnerRecords")]
    [InlineData("ReadStore", "ListPartnerQuarantine")]
    public void every_function_runs_in_the_isolated_worker_from_its_own_class(string app, string function)
    {
        var metadata = App(app).Function(function);
        var runMethod = function is "Health" or "OpenApiDocument" ? "Run" : "RunAsync";

        Assert.Equal("dotnet-isolated", (string?)metadata["language"]);
        Assert.Equal($"{App(app).Name}.dll", (string?)metadata["scriptFile"]);
        Assert.Equal($"{App(app).Name}.{function}.{runMethod}", (string?)metadata["entryPoint"]);
    }

    [Fact]
    public void sweep_matchmaking_runs_is_a_timer_every_five_minutes()
    {
        var trigger = Assert.IsType<JsonObject>(Assert.Single(FunctionsApp.Matchmaking.Function("SweepMatchmakingRuns")["bindings"]!.AsArray(),
            b => (string?)b!["type"] == "timerTrigger"));

        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal("0 */5 * * * *", (string?)trigger["schedule"]);
    }
    // --- end of matchmaking runs ---

    [Fact]
    public void sweep_stock_reports_is_a_timer_every_five_minutes()
    {
        var trigger = Assert.IsType<JsonObject>(Assert.Single(FunctionsApp.StockReports.Function("SweepStockReports")["bindings"]!.AsArray(),
            b => (string?)b!["type"] == "timerTrigger"));

        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal("0 */5 * * * *", (string?)trigger["schedule"]);
    }

    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    [InlineData("StockReports")]
    [InlineData("Matchmaking")]
    public void the_shared_host_json_keeps_the_api_route_prefix(string app)
    {
        var host = App(app).HostJson;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("api", (string?)host["extensions"]?["http"]?["routePrefix"]);
    }

    /// <summary>
    /// The host logs as the worker does (HubLogging): the hub's own lines and each function's outcome, but not ASP.NET
    /// Core's per-request lines, which at webhook rates would be most of what Application Insights is billed for.
    /// </summary>
    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    [InlineData("StockReports")]
    [InlineData("Matchmaking")]
    public void the_shared_host_json_logs_functions_at_information_and_aspnet_core_at_warning(string app)
    {
        var levels = App(app).HostJson["logging"]?["logLevel"];

        Assert.Equal("Information", (string?)levels?["default"]);
        Assert.Equal("Information", (string?)levels?["Function"]);
        Assert.Equal("Warning", (string?)levels?["Microsoft.AspNetCore"]);
    }
}
