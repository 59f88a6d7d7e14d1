using Hub.Core;

namespace Hub.Standalone.Demo;

public static class DemoComposition
{
    private const string DataPathKey = $"{HubOptions.SectionName}:{nameof(HubOptions.DataPath)}";

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
        // Except where it listens and how to stop it, which a user of the demo needs as much as anyone.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.AddHostedService<DemoReplay>();
        return builder;
    }
}
