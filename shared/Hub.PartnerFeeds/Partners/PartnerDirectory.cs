using Hub.Core.Registry;
using Hub.PartnerFeeds.Client;

namespace Hub.PartnerFeeds.Partners;

/// <summary>
/// The registry's partners as the sync engine needs them: the entry, one of its feeds, and the client that reaches it
/// (base URL, authentication, the partner's resilience pipeline). The registry was validated at load
/// (<see cref="RegistryLoader"/>), so a partner found here has a usable URL and auth.
/// </summary>
public sealed class PartnerDirectory(HubRegistry registry, PartnerClients clients)
{
    /// <summary>The API key header when the registry names none.</summary>
    public const string DefaultApiKeyHeader = "X-Api-Key";

    public PartnerRegistration? Find(string partnerId) => registry.FindPartner(partnerId);

    /// <summary>The partner and one of its feeds; null when either is not in the registry.</summary>
    public (PartnerRegistration Partner, PartnerFeedRegistration Feed)? FindFeed(string partnerId, string feed)
    {
        var partner = registry.FindPartner(partnerId);
        var registration = partner?.Feeds.FirstOrDefault(f => string.Equals(f.Name, feed, StringComparison.Ordinal));
        return registration is null ? null : (partner!, registration);
    }

    public IReadOnlyList<PartnerRegistration> Partners => registry.Partners;

    /// <summary>The client for <paramref name="partner"/>.</summary>
    public IPartnerApi ClientFor(PartnerRegistration partner) => clients.For(ConnectionOf(partner));

    // Refit appends "/feeds/..." and "/orders" to the base URL's path, so a trailing slash would double it.
    public static PartnerConnection ConnectionOf(PartnerRegistration partner) =>
        new(partner.Id, new Uri(partner.BaseUrl.TrimEnd('/'), UriKind.Absolute), AuthOf(partner));

    public static PartnerAuth AuthOf(PartnerRegistration partner) => partner.Auth.Kind switch
    {
        "api-key" => new PartnerAuth.ApiKey(partner.Auth.Header ?? DefaultApiKeyHeader, partner.Auth.Key ?? ""),
        "oauth2-client-credentials" => new PartnerAuth.OAuth2ClientCredentials(
            new Uri(partner.Auth.TokenUrl!, UriKind.Absolute), partner.Auth.ClientId!, partner.Auth.ClientSecret!,
            string.IsNullOrEmpty(partner.Auth.Scope) ? null : partner.Auth.Scope),
        _ => throw new InvalidRegistryException($"Partner '{partner.Id}' has auth kind '{partner.Auth.Kind}', which the registry should have refused."),
    };
}
