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
    public async Task every_binding_in_functions_metadata_is_generated_with_the_same_settings(string app)
    {
        var built = app == "OrderSync" ? FunctionsApp.OrderSync : FunctionsApp.ReadStore;
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

    private static async Task<IReadOnlyList<IFunctionMetadata>> GeneratedMetadataAsync(FunctionsApp app)
    {
        var assembly = app == FunctionsApp.OrderSync
            ? typeof(OrderSync.ReceiveOrderWebhook).Assembly
            : typeof(ReadStore.ProjectOrder).Assembly;
        var providerType = assembly.GetType($"{app.Name}.GeneratedFunctionMetadataProvider");
        Assert.True(providerType is not null,
            $"{app.Name} has no GeneratedFunctionMetadataProvider: the worker's metadata source generator did not run or failed (CS8785).");
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType)!;
        return await provider.GetFunctionMetadataAsync(app.OutputDirectory);
    }
}
