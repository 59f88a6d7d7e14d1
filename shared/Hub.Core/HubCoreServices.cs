using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Core;

public static class HubCoreServices
{
    /// <summary>Options, the registry, API key authentication, the clock and JSON answers; every host calls this first.</summary>
    public static IServiceCollection AddHubCore(this IServiceCollection services)
    {
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton(sp => RegistryLoader.Load(sp.GetRequiredService<IOptions<HubOptions>>().Value.RegistryPath));
        services.TryAddSingleton(TimeProvider.System);
        // Adapters that keep events and records in one store replace this (AddEmbeddedAdapters).
        services.TryAddSingleton<Idempotency.IPublishWithRecord, Idempotency.PublishThenRecord>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<Operations.OperationsEndpoints>();
        services.AddSingleton<Http.OpenApiEndpoint>();
        // The meters' factory is the host's; TryAdd, so that a host that registered it already keeps its own.
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.HubMetrics>();
        // Results.Json and problem details: ASP.NET's default encoder is already the relaxed one; pinned here so that
        // HubJson decides for every answer, these included.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = HubJson.Encoder);
        return services;
    }
}
