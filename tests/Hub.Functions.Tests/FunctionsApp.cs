using System.Reflection;
using System.Text.Json.Nodes;

namespace Hub.Functions.Tests;

/// <summary>A built Functions app: its output folder and what the Functions SDK wrote there.</summary>
public sealed class FunctionsApp
{
    public static FunctionsApp OrderSync { get; } = new("Hub.Functions.OrderSync");
    public static FunctionsApp ReadStore { get; } = new("Hub.Functions.ReadStore");
    public static FunctionsApp StockReports { get; } = new("Hub.Functions.StockReports");
    public static FunctionsApp Matchmaking { get; } = new("Hub.Functions.Matchmaking");
    public static FunctionsApp PartnerFeeds { get; } = new("Hub.Functions.PartnerFeeds");

    /// <summary>
    /// Every Functions app this test assembly references, from what its build recorded (not a list kept by hand), so that a
    /// new app is in the route-parity tests as soon as it is referenced.
    /// </summary>
    public static IReadOnlyList<FunctionsApp> All { get; } = typeof(FunctionsApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("FunctionsAppOutput:", StringComparison.Ordinal))
        // A referenced project is an app when the Functions SDK wrote its functions.metadata (the stand-in binding is not).
        .Where(a => File.Exists(Path.Combine(a.Value!, "functions.metadata")))
        .Select(a => a.Key["FunctionsAppOutput:".Length..])
        .Order(StringComparer.Ordinal)
        .Select(name => name switch
        {
            "Hub.Functions.OrderSync" => OrderSync,
            "Hub.Functions.ReadStore" => ReadStore,
            "Hub.Functions.StockReports" => StockReports,
            "Hub.Functions.Matchmaking" => Matchmaking,
            "Hub.Functions.PartnerFeeds" => PartnerFeeds,
            _ => new FunctionsApp(name),
        })
        .ToList();

    /// <summary>By the short name the tests' theories use: OrderSync, ReadStore, StockReports, Matchmaking.</summary>
    public static FunctionsApp Named(string name) => name switch
    {
        "OrderSync" => OrderSync,
        "ReadStore" => ReadStore,
        "StockReports" => StockReports,
        "Matchmaking" => Matchmaking,
        "PartnerFeeds" => PartnerFeeds,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such Functions app."),
    };

    private readonly Lazy<JsonArray> _metadata;

    private FunctionsApp(string name)
    {
        Name = name;
        OutputDirectory = Recorded($"FunctionsAppOutput:{name}");
        ProjectDirectory = Recorded($"FunctionsAppProject:{name}");
        _metadata = new(() => (JsonArray)JsonNode.Parse(File.ReadAllText(PathOf("functions.metadata")))!);
    }

    public string Name { get; }
    public string OutputDirectory { get; }
    public string ProjectDirectory { get; }

    /// <summary>functions.metadata: what the Functions host indexes (and the scale controller reads) for this app.</summary>
    public JsonArray Metadata => _metadata.Value;

    public IEnumerable<string> FunctionNames => Metadata.Select(f => (string)f!["name"]!);

    public JsonObject Function(string name) =>
        Metadata.OfType<JsonObject>().SingleOrDefault(f => (string?)f["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"{Name}'s functions.metadata has no function '{name}'; it has {string.Join(", ", FunctionNames)}.");

    public JsonObject Binding(string function, string bindingName) =>
        Function(function)["bindings"]!.AsArray().OfType<JsonObject>().SingleOrDefault(b => (string?)b["name"] == bindingName)
        ?? throw new Xunit.Sdk.XunitException($"{Name}'s function '{function}' has no binding '{bindingName}'.");

    public JsonObject HostJson => (JsonObject)JsonNode.Parse(File.ReadAllText(PathOf("host.json")))!;

    /// <summary>The committed local.settings.template.json's <c>Values</c>: the app settings a developer starts from.</summary>
    public IReadOnlyDictionary<string, string> TemplateSettings =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectDirectory, "local.settings.template.json")))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!);

    private static string Recorded(string key) =>
        typeof(FunctionsApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly does not record '{key}'; is the app a ProjectReference?");

    private string PathOf(string file)
    {
        var path = Path.Combine(OutputDirectory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{Name} has no {file} in its build output.", path);
    }
}
