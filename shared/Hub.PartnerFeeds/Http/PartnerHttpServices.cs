using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.PartnerFeeds.Http;

public static class PartnerHttpServices
{
    /// <summary>The named <see cref="HttpClient"/> for partner hubs (IHttpClientFactory).</summary>
    public const string ClientName = "partners";

    /// <summary>
    /// Registers <see cref="PartnerHttpOptions"/> (validated at start) and the named client <see cref="ClientName"/> behind the
    /// server-side request forgery guard. The resolver and dialer are <see cref="PartnerHostResolver"/> and <see cref="PartnerDialer"/>
    /// services (DNS and a socket unless registered before).
    /// </summary>
    public static IHttpClientBuilder AddPartnerHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(ClientName).AddPartnerNetworkGuard();

    /// <summary>
    /// Puts any client (a Refit client's, say) behind the guard: <see cref="SafePartnerHandler"/> as its primary handler and
    /// <see cref="PartnerRequestGuard"/> in front of it.
    /// </summary>
    public static IHttpClientBuilder AddPartnerNetworkGuard(this IHttpClientBuilder builder)
    {
        var services = builder.Services;
        // Once, however many clients are put behind the guard: a second binding would repeat every validation error.
        if (!services.Any(d => d.ServiceType == typeof(PartnerNetworkGuardRegistered)))
        {
            services.AddSingleton<PartnerNetworkGuardRegistered>();
            services.AddOptions<PartnerHttpOptions>().BindConfiguration(PartnerHttpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton(SafePartnerHandler.ResolveWithDns);
            services.TryAddSingleton(SafePartnerHandler.DialWithSocket);
        }
        return builder
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<PartnerHttpOptions>>().Value;
                return SafePartnerHandler.Create(new PartnerAddressPolicy(options.AllowLoopback),
                    sp.GetRequiredService<PartnerHostResolver>(), sp.GetRequiredService<PartnerDialer>(), options.ConnectTimeout);
            })
            .AddHttpMessageHandler(sp => new PartnerRequestGuard(sp.GetRequiredService<IOptions<PartnerHttpOptions>>().Value.AllowLoopback));
    }
}

internal sealed class PartnerNetworkGuardRegistered;
