using Hub.Core.Registry;
using Hub.PartnerFeeds.Client;

namespace Hub.PartnerFeeds.Outbound;

/// <summary>A registry entry as the client's <see cref="PartnerConnection"/>; the registry loader has validated its URLs and auth.</summary>
internal static class PartnerConnections
{
    public const string DefaultApiKeyHeader = "X-Api-Key";

    public static PartnerConnection From(PartnerRegistration partner)
    {
        // Refit appends "/orders" to the base URL's path, so a trailing slash would double it.
        var baseUrl = new Uri(partner.BaseUrl.TrimEnd('/'), UriKind.Absolute);
        PartnerAuth auth = partner.Auth.Kind switch
        {
            "api-key" => new PartnerAuth.ApiKey(partner.Auth.Header ?? DefaultApiKeyHeader, partner.Auth.Key ?? ""),
            "oauth2-client-credentials" => new PartnerAuth.OAuth2ClientCredentials(
                new Uri(partner.Auth.TokenUrl!, UriKind.Absolute), partner.Auth.ClientId ?? "", partner.Auth.ClientSecret ?? "", partner.Auth.Scope),
            _ => throw new InvalidOperationException($"Partner '{partner.Id}': unknown auth kind '{partner.Auth.Kind}'."),
        };
        return new PartnerConnection(partner.Id, baseUrl, auth);
    }
}
