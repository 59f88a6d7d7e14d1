namespace Hub.PartnerFeeds.Client;

/// <summary>How the hub authenticates to a partner.</summary>
public abstract record PartnerAuth
{
    private protected PartnerAuth() { }

    /// <summary>A static key sent in a header on every request.</summary>
    /// <param name="HeaderName">The header, e.g. <c>X-Api-Key</c>.</param>
    /// <param name="Key">The key.</param>
    public sealed record ApiKey(string HeaderName, string Key) : PartnerAuth
    {
        public override string ToString() => $"ApiKey {{ HeaderName = {HeaderName}, Key = *** }}";
    }

    /// <summary>OAuth2 client credentials: a bearer token fetched from <paramref name="TokenUrl"/>, cached and refreshed before expiry.</summary>
    /// <param name="TokenUrl">The partner's token endpoint.</param>
    /// <param name="ClientId">The hub's client id at the partner.</param>
    /// <param name="ClientSecret">The hub's client secret at the partner.</param>
    /// <param name="Scope">The scope asked for; null to ask for none.</param>
    public sealed record OAuth2ClientCredentials(Uri TokenUrl, string ClientId, string ClientSecret, string? Scope) : PartnerAuth
    {
        public override string ToString() => $"OAuth2ClientCredentials {{ TokenUrl = {TokenUrl}, ClientId = {ClientId}, ClientSecret = ***, Scope = {Scope} }}";
    }
}

/// <summary>Where and how to reach one partner (the partner registry will supply these).</summary>
/// <param name="PartnerId">The partner's id in the hub; it keys the circuit breaker and the token cache.</param>
/// <param name="BaseUrl">The partner's base URL; the protocol's paths are relative to it.</param>
/// <param name="Auth">How to authenticate.</param>
public sealed record PartnerConnection(string PartnerId, Uri BaseUrl, PartnerAuth Auth);
