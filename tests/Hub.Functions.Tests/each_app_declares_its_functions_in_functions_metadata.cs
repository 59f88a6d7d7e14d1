using System.Text.Json.Nodes;
using Hub.Contracts;

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
    };

    private static FunctionsApp App(string name) => name switch
    {
        "OrderSync" => FunctionsApp.OrderSync,
        "ReadStore" => FunctionsApp.ReadStore,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public void order_sync_has_exactly_the_webhook_function() =>
        Assert.Equal(["ReceiveOrderWebhook"], FunctionsApp.OrderSync.FunctionNames.Order());

    [Fact]
    public void read_store_has_the_projection_the_order_queries_and_the_health_probes() =>
        Assert.Equal(["GetOrder", "Health", "ListOrders", "ProjectOrder", "Ready"], FunctionsApp.ReadStore.FunctionNames.Order());

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

    [Theory]
    [InlineData("OrderSync", "ReceiveOrderWebhook")]
    [InlineData("ReadStore", "ProjectOrder")]
    [InlineData("ReadStore", "GetOrder")]
    [InlineData("ReadStore", "ListOrders")]
    [InlineData("ReadStore", "Health")]
    [InlineData("ReadStore", "Ready")]
    public void every_function_runs_in_the_isolated_worker_from_its_own_class(string app, string function)
    {
        var metadata = App(app).Function(function);
        var runMethod = function is "Health" ? "Run" : "RunAsync";

        Assert.Equal("dotnet-isolated", (string?)metadata["language"]);
        Assert.Equal($"{App(app).Name}.dll", (string?)metadata["scriptFile"]);
        Assert.Equal($"{App(app).Name}.{function}.{runMethod}", (string?)metadata["entryPoint"]);
    }

    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    public void the_shared_host_json_keeps_the_api_route_prefix(string app)
    {
        var host = App(app).HostJson;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("api", (string?)host["extensions"]?["http"]?["routePrefix"]);
    }
}
