using System.Net;
using System.Net.Http.Headers;

namespace Hub.PartnerFeeds.Client;

/// <summary>
/// Adds a partner's credentials to every request: its API key header, or an OAuth2 bearer token. A 401 answered to a bearer
/// token means the partner expired or revoked it early: the token is refreshed once and the request sent once more.
/// </summary>
public sealed class PartnerAuthHandler : DelegatingHandler
{
    private readonly PartnerAuth auth;
    private readonly OAuth2TokenSource? tokens;

    public PartnerAuthHandler(PartnerAuth auth, OAuth2TokenSource? tokens)
    {
        if (auth is PartnerAuth.OAuth2ClientCredentials && tokens is null)
            throw new ArgumentException("OAuth2 client credentials need a token source.", nameof(tokens));
        this.auth = auth;
        this.tokens = tokens;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (auth)
        {
            case PartnerAuth.ApiKey apiKey:
                request.Headers.Remove(apiKey.HeaderName);
                request.Headers.TryAddWithoutValidation(apiKey.HeaderName, apiKey.Key);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            case PartnerAuth.OAuth2ClientCredentials:
                var token = await tokens!.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    return response;

                response.Dispose();
                var renewed = await tokens.RefreshAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            default:
                throw new NotSupportedException($"Partner authentication {auth.GetType().Name} is not supported.");
        }
    }
}
