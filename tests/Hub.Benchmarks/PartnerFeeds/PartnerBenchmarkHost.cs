extern alias standalone;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Benchmarks.Stock;
using Hub.Testing;
using standalone::Hub.Standalone.Demo;

namespace Hub.Benchmarks.PartnerFeeds;

/// <summary>
/// One partner benchmark's world: a sample partner server in this process, and a Standalone (Release) of its own as a child process
/// on a fresh data folder, with a registry written for the run whose partner points at the sample server (loopback allowed).
/// </summary>
internal sealed class PartnerBenchmarkHost : IAsyncDisposable
{
    public const string PartnerId = "bench-partner";
    public const string PlatformId = "bench-platform";

    private readonly string _work;

    private PartnerBenchmarkHost(string work, SamplePartnerServer partner, StandaloneProcess hub, Process process, HttpClient http, JsonObject platformSignature)
    {
        _work = work;
        Partner = partner;
        Hub = hub;
        Process = process;
        Http = http;
        PlatformSignature = platformSignature;
    }

    public SamplePartnerServer Partner { get; }
    public StandaloneProcess Hub { get; }
    /// <summary>Standalone's process, to read its peak resident set.</summary>
    public Process Process { get; }
    /// <summary>To the hub, with the run's admin key.</summary>
    public HttpClient Http { get; }
    /// <summary>The platform's signature settings as written in the registry (standard-webhooks).</summary>
    public JsonObject PlatformSignature { get; }

    public static string StandaloneDll => Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", "Release", "net10.0", "Hub.Standalone.dll");

    public long PeakResidentBytes => XlsxReadVariant.ProcStatus("VmHWM", Process.Id);

    /// <param name="feeds">The partner's feeds (name to feed); each is registered with <paramref name="pageSize"/> and no schedule.</param>
    /// <param name="pushOrders">Whether the partner takes cross-border orders for buyers in MY.</param>
    public static async Task<PartnerBenchmarkHost> StartAsync(string name, IReadOnlyDictionary<string, SampleFeed> feeds, int pageSize, bool pushOrders)
    {
        var work = Path.Combine(Path.GetTempPath(), $"hub-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var adminKey = "bench-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var partnerKey = "bench-partner-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var partner = await SamplePartnerServer.StartAsync([new SamplePartner(PartnerId, new SamplePartnerAuth.ApiKey("X-Api-Key", partnerKey), feeds)]);
        var signature = new JsonObject
        {
            ["scheme"] = "standard-webhooks",
            ["secrets"] = new JsonArray("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ["toleranceSeconds"] = 600,
        };
        var registry = new JsonObject
        {
            ["$comment"] = $"Written by the {name} benchmark for one run.",
            ["platforms"] = new JsonArray(new JsonObject { ["id"] = PlatformId, ["name"] = "Benchmark platform", ["signature"] = signature.DeepClone() }),
            ["operators"] = new JsonArray(),
            ["partners"] = new JsonArray(new JsonObject
            {
                ["id"] = PartnerId,
                ["name"] = "Benchmark partner (sample server on loopback)",
                ["country"] = "MY",
                ["baseUrl"] = partner.BaseUrlOf(PartnerId).ToString(),
                ["auth"] = new JsonObject { ["kind"] = "api-key", ["header"] = "X-Api-Key", ["key"] = partnerKey },
                ["feeds"] = new JsonArray(feeds.Keys.Select(f => (JsonNode)new JsonObject { ["name"] = f, ["pageSize"] = pageSize }).ToArray()),
                ["pushOrders"] = pushOrders,
                ["destinations"] = new JsonArray("MY"),
            }),
            ["apiKeys"] = new JsonArray(new JsonObject
            {
                ["name"] = "benchmark admin key",
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(adminKey))),
                ["scope"] = "admin",
            }),
        };
        var registryPath = Path.Combine(work, "registry.json");
        await File.WriteAllTextAsync(registryPath, registry.ToJsonString());
        var dataPath = Path.Combine(work, "data");
        var hub = await StandaloneProcess.StartAsync(dataPath, registryPath, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            // The start-up line StandaloneProcess waits for.
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Hub:Partners:Http:AllowLoopback"] = "true",
        });
        var process = ChildProcesses.FindByArgument(dataPath) ?? throw new InvalidOperationException("The Standalone child process was not found in /proc.");
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = hub.BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
            DefaultRequestVersion = HttpVersion.Version11,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return new PartnerBenchmarkHost(work, partner, hub, process, http, signature);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Process.Dispose();
        await Hub.DisposeAsync();
        await Partner.DisposeAsync();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
