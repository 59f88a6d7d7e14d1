using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace Hub.Functions.Tests;

/// <summary>
/// The worker indexes functions from the class the metadata source generator writes (GeneratedFunctionMetadataProvider);
/// the host and scale controller read functions.metadata. When the generator fails (CS8785, e.g. a binding attribute
/// whose IsBatched has no [DefaultValue]) it emits nothing and the two silently diverge, so both are checked together.
/// </summary>
public sealed class the_source_generated_metadata_matches_functions_metadata
{
    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    [InlineData("StockReports")]
    public async Task every_binding_in_functions_metadata_is_generated_with_the_same_settings(string app)
    {
        var built = FunctionsApp.Named(app);
        var generated = await GeneratedMetadataAsync(built);

        Assert.Equal(built.FunctionNames.Order(), generated.Select(f => f.Name!).Order());
        foreach (var function in generated)
        {
            var declared = built.Function(function.Name!);
            Assert.Equal((string?)declared["entryPoint"], function.EntryPoint);
            Assert.Equal((string?)declared["scriptFile"], function.ScriptFile);

            var generatedBindings = function.RawBindings!.Select(b => (JsonObject)JsonNode.Parse(b)!).ToList();
            foreach (var binding in declared["bindings"]!.AsArray().OfType<JsonObject>())
            {
                var name = (string?)binding["name"];
                var twin = generatedBindings.SingleOrDefault(b => (string?)b["name"] == name);
                Assert.True(twin is not null, $"{function.Name}: binding '{name}' is in functions.metadata but not generated.");
                foreach (var (key, value) in binding.Where(p => p.Key != "properties"))
                {
                    var generatedValue = twin.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
                    Assert.True(JsonNode.DeepEquals(value, generatedValue),
                        $"{function.Name}.{name}.{key}: functions.metadata has {value?.ToJsonString()}, the generated provider {generatedValue?.ToJsonString() ?? "nothing"}.");
                }
            }
        }
    }

    [Fact]
    public async Task the_generated_blob_trigger_is_the_event_grid_one_on_stock_reports_that_binds_a_reference_not_the_content()
    {
        // With worker indexing the host takes its bindings from the worker, that is from this provider, not from functions.metadata.
        var trigger = await GeneratedBindingAsync(FunctionsApp.StockReports, "ReceiveStockReportBlob", "blob");

        Assert.Equal("blobTrigger", Value(trigger, "type"));
        Assert.Equal("In", Value(trigger, "direction"));
        Assert.Equal("stock-reports/{name}", Value(trigger, "path"));
        Assert.Equal("EventGrid", Value(trigger, "source"));
        Assert.Equal("Blobs", Value(trigger, "connection"));
        Assert.Equal("True", (string?)trigger["properties"]?["supportsDeferredBinding"]);
    }

    [Fact]
    public async Task the_generated_stock_projection_trigger_reads_the_read_store_subscription_of_stock_without_sessions()
    {
        var trigger = await GeneratedBindingAsync(FunctionsApp.ReadStore, "ProjectStock", "message");

        Assert.Equal("serviceBusTrigger", Value(trigger, "type"));
        Assert.Equal("stock", Value(trigger, "topicName"));
        Assert.Equal("read-store", Value(trigger, "subscriptionName"));
        Assert.Equal("ServiceBus", Value(trigger, "connection"));
        Assert.NotEqual("true", Value(trigger, "isSessionsEnabled")?.ToLowerInvariant());
    }

    private static async Task<JsonObject> GeneratedBindingAsync(FunctionsApp app, string function, string binding)
    {
        var generated = (await GeneratedMetadataAsync(app)).Single(f => f.Name == function);
        return generated.RawBindings!.Select(b => (JsonObject)JsonNode.Parse(b)!).Single(b => (string?)b["name"] == binding);
    }

    private static string? Value(JsonObject binding, string key) =>
        binding.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static async Task<IReadOnlyList<IFunctionMetadata>> GeneratedMetadataAsync(FunctionsApp app)
    {
        var assembly = app == FunctionsApp.OrderSync ? typeof(OrderSync.ReceiveOrderWebhook).Assembly
            : app == FunctionsApp.ReadStore ? typeof(ReadStore.ProjectOrder).Assembly
            : typeof(StockReports.RunStockReport).Assembly;
        var providerType = assembly.GetType($"{app.Name}.GeneratedFunctionMetadataProvider");
        Assert.True(providerType is not null,
            $"{app.Name} has no GeneratedFunctionMetadataProvider: the worker's metadata source generator did not run or failed (CS8785).");
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType)!;
        return await provider.GetFunctionMetadataAsync(app.OutputDirectory);
    }
}
