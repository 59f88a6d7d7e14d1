using Hub.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace Hub.Core;

/// <summary>
/// What the hub logs unless told otherwise, the same in both hosts and in a published build (which has no
/// appsettings.json): its own events and where it listens, but not ASP.NET Core's six lines per request, which at
/// 15,000 webhooks/s would be most of the output, nor HttpClient's four lines and Polly's one per partner request (the
/// hub's own warnings say when a partner fails). <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c> brings
/// them back; any other <c>Logging</c> setting overrides these the same way.
/// </summary>
public static class HubLogging
{
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static TBuilder AddHubLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Beneath every source the host already reads, so that appsettings, the environment and the command line win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.JsonWriterOptions = o.JsonWriterOptions with { Encoder = HubJson.Encoder });
        return builder;
    }
}
