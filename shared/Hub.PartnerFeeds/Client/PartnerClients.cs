using System.Collections.Concurrent;
using System.Text.Json;
using Hub.PartnerFeeds.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Refit;

namespace Hub.PartnerFeeds.Client;

/// <summary>
/// Gives an <see cref="IPartnerApi"/> for a partner: its base URL, its authentication, and its own instance of the
/// resilience pipeline (keyed by partner id). Clients are cheap and short-lived like <see cref="IHttpClientFactory"/>'s;
/// the per-partner state (token cache, circuit breaker) outlives them here.
/// </summary>
public sealed class PartnerClients
{
    /// <summary>The named HttpClient whose handler chain carries the per-partner resilience pipeline.</summary>
    public const string HttpClientName = "Hub.PartnerFeeds.Partner";

    /// <summary>The named HttpClient that fetches OAuth2 tokens (no partner pipeline: a token failure is reported, not looped).</summary>
    public const string TokenHttpClientName = "Hub.PartnerFeeds.Token";

    /// <summary>The request option naming the partner; it selects the partner's pipeline instance.</summary>
    public static readonly HttpRequestOptionsKey<string> PartnerIdOption = new("Hub.PartnerFeeds.PartnerId");

    /// <summary>camelCase System.Text.Json, as the protocol is written.</summary>
    public static readonly RefitSettings RefitSettings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    private readonly IHttpMessageHandlerFactory handlers;
    private readonly IHttpClientFactory clients;
    private readonly TimeProvider time;
    private readonly IOptions<PartnerClientOptions> options;
    private readonly ConcurrentDictionary<string, (PartnerAuth Auth, OAuth2TokenSource Tokens)> tokenSources = new(StringComparer.Ordinal);

    public PartnerClients(IHttpMessageHandlerFactory handlers, IHttpClientFactory clients, TimeProvider time, IOptions<PartnerClientOptions> options)
    {
        this.handlers = handlers;
        this.clients = clients;
        this.time = time;
        this.options = options;
    }

    /// <summary>A client for <paramref name="partner"/>.</summary>
    public IPartnerApi For(PartnerConnection partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        if (string.IsNullOrWhiteSpace(partner.PartnerId))
            throw new ArgumentException("A partner connection needs a partner id.", nameof(partner));
        if (!partner.BaseUrl.IsAbsoluteUri || partner.BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Partner '{partner.PartnerId}': base URL '{partner.BaseUrl}' must be an absolute http(s) URL.", nameof(partner));

        var auth = new PartnerAuthHandler(partner.Auth, TokensFor(partner))
        {
            InnerHandler = new PartnerTagHandler(partner.PartnerId) { InnerHandler = handlers.CreateHandler(HttpClientName) },
        };
        // The factory's handler is lifetime-tracked (its Dispose is a no-op), so the client may own the chain.
        var http = new HttpClient(auth, disposeHandler: true)
        {
            BaseAddress = partner.BaseUrl,
            // The pipeline's total timeout governs; HttpClient's own 100 s would cut a Retry-After wait short.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return RestService.For<IPartnerApi>(http, RefitSettings);
    }

    private OAuth2TokenSource? TokensFor(PartnerConnection partner)
    {
        if (partner.Auth is not PartnerAuth.OAuth2ClientCredentials credentials)
            return null;
        // A changed registration (new secret, new token URL) must not keep using a token fetched with the old one.
        return tokenSources.AddOrUpdate(
            partner.PartnerId,
            _ => (credentials, NewSource(credentials)),
            (_, existing) => existing.Auth == credentials ? existing : (credentials, NewSource(credentials))).Tokens;
    }

    private OAuth2TokenSource NewSource(PartnerAuth.OAuth2ClientCredentials credentials) =>
        new(credentials, () => clients.CreateClient(TokenHttpClientName), time, options.Value.TokenRefreshMargin);

    private sealed class PartnerTagHandler(string partnerId) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(PartnerIdOption, partnerId);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

public static class PartnerClientsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PartnerClients"/>, its options (section <see cref="PartnerClientOptions.SectionName"/>, validated
    /// at start) and the partner HttpClient with a resilience pipeline instance per partner id.
    /// </summary>
    public static IServiceCollection AddPartnerClients(this IServiceCollection services)
    {
        // Once, whoever asks first (the sync and the pushes both do): a second resilience handler would nest every retry.
        if (services.Any(d => d.ServiceType == typeof(PartnerClients))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PartnerClientOptions>().BindConfiguration(PartnerClientOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnerClientOptions>, PartnerClientOptionsValidator>());

        // Both reach the partner's network: behind the guard against server-side request forgery (Http/SafePartnerHandler).
        services.AddHttpClient(PartnerClients.TokenHttpClientName).AddPartnerNetworkGuard();
        services.AddHttpClient(PartnerClients.HttpClientName)
            .AddPartnerNetworkGuard()
            .AddResilienceHandler("partner", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<PartnerClientOptions>>().Value;
                PartnerResilience.Configure(builder, options, context.ServiceProvider.GetRequiredService<TimeProvider>());
            })
            // The factory probes the selector with a bare request while building the chain, so an untagged request gets
            // a shared key rather than an exception; every request made through PartnerClients is tagged.
            .SelectPipelineBy(_ => request =>
                request.Options.TryGetValue(PartnerClients.PartnerIdOption, out var partnerId) ? partnerId : "(no partner)");

        services.AddSingleton<PartnerClients>();
        return services;
    }
}
