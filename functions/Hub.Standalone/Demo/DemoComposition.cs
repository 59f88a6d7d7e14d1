using Hub.Core;
using Hub.Core.Registry;

namespace Hub.Standalone.Demo;

public static class DemoComposition
{
    private const string DataPathKey = $"{HubOptions.SectionName}:{nameof(HubOptions.DataPath)}";
    private const string RegistryPathKey = $"{HubOptions.SectionName}:{nameof(HubOptions.RegistryPath)}";
    // Hub.PartnerFeeds' PartnerHttpOptions (Hub:Partners:Http): named here rather than referenced, as Standalone's composition
    // of that capability is added beside this.
    private const string AllowLoopbackKey = "Hub:Partners:Http:AllowLoopback";

    /// <summary>
    /// <c>--demo</c>: a fresh data folder for each run unless one is given (<c>--data</c> or <c>Hub__DataPath</c>), so that a
    /// second run tells the same story as the first instead of finding every sample already delivered; quieter logs; and the replay.
    /// </summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var given = builder.Configuration[DataPathKey];
        var folder = string.IsNullOrEmpty(given) ? DemoDataFolder.CreateFresh(new HubOptions().DataPath, DateTimeOffset.Now) : new DemoDataFolder(given, Fresh: false);
        if (folder.Fresh) builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DataPathKey] = folder.Path });
        builder.Services.AddSingleton(folder);

        // The demo prints its own account of each sample; the per-event logs would bury it.
        builder.Logging.AddFilter("Hub", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The partner clients' HTTP and resilience pipelines log each request at Information.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // Except where it listens and how to stop it, which a user of the demo needs as much as anyone.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.AddSamplePartners();
        builder.Services.AddHostedService<DemoReplay>();
        return builder;
    }

    /// <summary>
    /// The registry's sample partners played by a <see cref="SamplePartnerServer"/> on loopback, started before the host is built
    /// because the registry the hub loads must already point at it; partner URLs on loopback are allowed for this run only.
    /// </summary>
    private static void AddSamplePartners(this WebApplicationBuilder builder)
    {
        var registryPath = builder.Configuration[RegistryPathKey] is { Length: > 0 } given ? given : new HubOptions().RegistryPath;
        var registry = RegistryLoader.Load(registryPath);
        var seeds = Path.GetDirectoryName(Path.GetFullPath(registryPath))!;
        var played = registry.Partners.Where(p => p.Sample).Select(p => SamplePartner.FromRegistry(p, seeds)).ToList();
        // Blocking once at start-up, before anything else runs: Program's composition is synchronous.
        var server = SamplePartnerServer.StartAsync(played).GetAwaiter().GetResult();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [AllowLoopbackKey] = "true" });
        // A factory, so that the host disposes (stops) the server with itself.
        builder.Services.AddSingleton(_ => server);
        builder.Services.AddSingleton(server.PointAt(registry));
    }
}
