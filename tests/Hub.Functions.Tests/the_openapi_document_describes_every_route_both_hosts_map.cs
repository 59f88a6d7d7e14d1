using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Contracts.Http;
using Hub.Contracts.Orders;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.Orders.Webhooks;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Stock;
using Hub.StockReports.Http;
using Hub.Matchmaking.Http;
using Microsoft.OpenApi;

namespace Hub.Functions.Tests;

/// <summary>
/// The OpenAPI document both hosts serve (<see cref="HttpContract"/>) is held to what the hosts map and to the records the
/// answers are serialised from, so that it cannot drift from either.
/// </summary>
public sealed class the_openapi_document_describes_every_route_both_hosts_map
{
    private static readonly JsonObject Document = JsonNode.Parse(HttpContract.OpenApiJson.Span)!.AsObject();

    private static IEnumerable<(HttpRoute Route, JsonObject Operation, JsonObject PathItem)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
            .Select(o => (HttpRoute.Of(o.Key, path.Key), o.Value!.AsObject(), path.Value!.AsObject())));

    [Fact]
    public void it_is_a_valid_openapi_3_document()
    {
        var read = Microsoft.OpenApi.OpenApiDocument.Parse(Encoding.UTF8.GetString(HttpContract.OpenApiJson.Span), "json");

        Assert.True(read.Diagnostic!.Errors.Count == 0, string.Join("\n", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.NotNull(read.Document);
        Assert.Equal(Operations().Count(), read.Document!.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public void its_paths_and_methods_are_exactly_the_routes_standalone_maps()
    {
        var documented = Operations().Select(o => o.Route.Shape).Order(StringComparer.Ordinal).ToList();
        var mapped = HttpRoutes.Standalone.Select(r => r.Shape).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(mapped, documented);
    }

    [Fact]
    public void its_paths_and_methods_are_exactly_the_http_triggers_of_the_functions_apps()
    {
        var documented = Operations().Select(o => o.Route.Shape).Order(StringComparer.Ordinal).ToList();
        var triggers = FunctionsApp.All.SelectMany(HttpRoutes.Of).Select(r => r.Route.Shape).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(triggers, documented);
    }

    [Fact]
    public void each_operation_declares_exactly_its_path_parameters_as_required()
    {
        foreach (var (route, operation, pathItem) in Operations())
        {
            var parameters = (pathItem["parameters"]?.AsArray() ?? []).Concat(operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            var inPath = parameters.Where(p => (string?)p["in"] == "path").ToList();

            Assert.True(route.Parameters.SequenceEqual(inPath.Select(p => (string)p["name"]!)), $"{route}: path parameters {string.Join(", ", inPath.Select(p => p["name"]))}");
            Assert.All(inPath, p => Assert.True((bool?)p["required"], $"{route}: {p["name"]} must be required"));
        }
    }

    /// <summary>
    /// The document names a path's parameters as the hosts do, except where OpenAPI makes it keep two of the hosts' templates
    /// as one path (<c>PUT .../stock-reports/{fileName}</c> and <c>GET .../stock-reports/{reportId}</c>): one name must then
    /// serve both, and the path says which segment each host route calls what.
    /// </summary>
    [Fact]
    public void its_parameter_names_are_the_hosts_unless_openapi_keeps_two_host_templates_as_one_path()
    {
        var hostTemplatesByPath = HttpRoutes.Standalone.ToLookup(r => r.Shape[(r.Method.Length + 1)..], r => r.Template);
        foreach (var (route, _, pathItem) in Operations())
        {
            var host = HttpRoutes.Standalone.Single(r => r.Shape == route.Shape);
            if (host.Template == route.Template) continue;

            var shared = hostTemplatesByPath[route.Shape[(route.Method.Length + 1)..]].Distinct().ToList();
            Assert.True(shared.Count > 1, $"{route} is {host} in the hosts; only paths OpenAPI merges may rename.");
            var description = (string?)pathItem["description"] ?? "";
            Assert.All(host.Parameters.Except(route.Parameters), name => Assert.Contains(name, description, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void each_operation_id_is_the_name_of_the_function_that_serves_it()
    {
        var functions = FunctionsApp.All.SelectMany(HttpRoutes.Of).ToDictionary(r => r.Route.Shape, r => r.Function);

        Assert.All(Operations(), o => Assert.Equal(functions[o.Route.Shape], (string?)o.Operation["operationId"]));
    }

    [Fact]
    public void every_operation_but_the_health_probes_the_document_and_the_signed_deliveries_needs_the_api_key()
    {
        var open = new HashSet<string> { "Health", "Ready", "OpenApiDocument" };
        foreach (var (route, operation, _) in Operations())
        {
            var id = (string)operation["operationId"]!;
            var security = operation["security"]?.AsArray() ?? Document["security"]!.AsArray();
            var schemes = security.OfType<JsonObject>().SelectMany(s => s.Select(p => p.Key)).ToList();
            if (open.Contains(id)) Assert.Empty(schemes);
            // Signed deliveries: the signature is the credential.
            else if (id is nameof(Hub.Functions.OrderSync.ReceiveOrderWebhook) or nameof(Hub.Functions.PartnerFeeds.ReceivePartnerEvents))
                Assert.DoesNotContain("apiKey", schemes);
            else Assert.Equal(["apiKey"], schemes);
            Assert.True(open.Contains(id) || operation["responses"]!["401"] is not null, $"{route} says nothing of 401");
        }
    }

    /// <summary>Each schema of an answer or a body, and the record it is serialised from (or read into).</summary>
    public static TheoryData<string, Type> SchemasOfRecords => new()
    {
        { "WebhookAnswer", typeof(OrderWebhookEndpoint.WebhookAnswer) },
        { "Order", typeof(OrderView) },
        { "OrderParty", typeof(OrderParty) },
        { "OrderLine", typeof(OrderLine) },
        { "OrderFulfilment", typeof(OrderFulfilment) },
        { "OrderShipment", typeof(OrderShipment) },
        { "OrderTotals", typeof(OrderTotals) },
        { "OrderHistoryEntry", typeof(OrderHistoryEntry) },
        { "StockReportAnswer", typeof(StockReportUploadEndpoint.UploadAnswer) },
        { "StockReportStatus", typeof(StockReportStatus) },
        { "StockRowError", typeof(StockRowErrorView) },
        { "StockLevel", typeof(StockLevelView) },
        { "StockLot", typeof(StockLotLine) },
        { "DeadLetter", typeof(DeadLetter) },
        // Matchmaking registration.
        { "Expo", typeof(Hub.Matchmaking.Model.Expo) },
        { "ExpoDay", typeof(Hub.Matchmaking.Model.ExpoDay) },
        { "ScoreWeights", typeof(Hub.Matchmaking.Model.ScoreWeights) },
        { "Participant", typeof(Hub.Matchmaking.Model.Participant) },
        { "Availability", typeof(Hub.Matchmaking.Model.Availability) },
        { "RegistrationAnswer", typeof(Hub.Matchmaking.Registration.RegistrationAnswer) },
        // Matchmaking runs.
        { "MatchmakingRun", typeof(MatchmakingRunView) },
        { "MatchmakingRunList", typeof(MatchmakingRunList) },
        { "MatchmakingRunAccepted", typeof(MatchmakingRunAccepted) },
        { "MatchmakingProgress", typeof(MatchmakingProgressView) },
        { "MatchmakingMetrics", typeof(MatchmakingMetricsView) },
        // MeetingPage is left out like WarehouseStockPage: it writes continuationToken even when null, so the schema requires it.
        { "Meeting", typeof(Hub.Matchmaking.Outputs.MeetingItem) },
        { "ScoreReason", typeof(Hub.Matchmaking.Engine.ScoreReason) },
        // Partner feeds' read side.
        { "OrderPartnerPush", typeof(Hub.Contracts.PartnerFeeds.OrderPartnerPush) },
        { "PartnerFeeds", typeof(Hub.PartnerFeeds.ReadSide.PartnerFeedsView) },
        { "PartnerFeedStatus", typeof(Hub.PartnerFeeds.ReadSide.PartnerFeedStatusView) },
        { "PartnerRecord", typeof(Hub.PartnerFeeds.ReadSide.PartnerRecordView) },
        { "QuarantinedRecord", typeof(Hub.PartnerFeeds.Model.QuarantinedRecord) },
        // Partner feeds' pulls and pushes.
        { "PartnerSyncRequested", typeof(Hub.PartnerFeeds.Http.PartnerSyncRequested) },
        { "PartnerQuarantineReprocessed", typeof(Hub.PartnerFeeds.Sync.PartnerQuarantineReprocessed) },
        { "PartnerEventsAnswer", typeof(Hub.PartnerFeeds.Inbound.PartnerEventsAnswer) },
        { "PartnerQuarantinedItem", typeof(Hub.PartnerFeeds.Inbound.QuarantinedItem) },
    };

    [Theory]
    [MemberData(nameof(SchemasOfRecords))]
    public void a_schema_has_the_properties_of_its_record_and_requires_those_that_are_never_null(string schema, Type record)
    {
        var definition = Document["components"]!["schemas"]![schema]!.AsObject();
        var nullability = new NullabilityInfoContext();
        // What the serializer writes: derived properties marked [JsonIgnore] are neither stored nor answered.
        var properties = record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.Name != "EqualityContract" && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null).ToList();

        var expected = properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, definition["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        // The hub leaves nulls out of its documents (or writes them, for dead letters): what can be null is not required.
        var neverNull = properties.Where(p => nullability.Create(p).ReadState == NullabilityState.NotNull)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);
        Assert.Equal(neverNull, (definition["required"]?.AsArray() ?? []).Select(r => (string)r!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void the_webhook_body_describes_every_field_of_the_canonical_order()
    {
        var payload = Document["components"]!["schemas"]!["CanonicalOrderPayload"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.All(typeof(CanonicalOrder).GetProperties().Where(p => p.Name != "EqualityContract"),
            p => Assert.Contains(JsonNamingPolicy.CamelCase.ConvertName(p.Name), payload));
    }

    [Fact]
    public void every_reference_names_a_component_that_exists()
    {
        var text = Encoding.UTF8.GetString(HttpContract.OpenApiJson.Span);
        var components = Document["components"]!.AsObject();
        var references = System.Text.RegularExpressions.Regex.Matches(text, "\"\\$ref\": \"#/components/(?<kind>[a-zA-Z]+)/(?<name>[A-Za-z0-9]+)\"");

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.NotNull(components[r.Groups["kind"].Value]?[r.Groups["name"].Value]));
    }

    [Fact]
    public async Task the_read_store_app_serves_the_document_without_a_key()
    {
        await using var hub = new FunctionsHarness();
        var request = hub.Request("GET", "/api/openapi.json");

        var answer = await FunctionsHarness.AnswerAsync(request, hub.Function<Hub.Functions.ReadStore.OpenApiDocument>().Run(request));

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(HttpContract.OpenApiJson.ToArray(), answer.Bytes);
    }
}
