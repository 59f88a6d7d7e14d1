using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Hub.PartnerFeeds.Client;

/// <summary>
/// One partner's OAuth2 client-credentials token: fetched on first use, cached until <c>expires_in</c> minus a margin,
/// refreshed by one request however many callers find it stale at once (single flight).
/// </summary>
public sealed class OAuth2TokenSource
{
    private readonly PartnerAuth.OAuth2ClientCredentials credentials;
    private readonly Func<HttpClient> tokenClient;
    private readonly TimeProvider time;
    private readonly TimeSpan refreshMargin;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile CachedToken? current;

    public OAuth2TokenSource(PartnerAuth.OAuth2ClientCredentials credentials, Func<HttpClient> tokenClient, TimeProvider time, TimeSpan refreshMargin)
    {
        this.credentials = credentials;
        this.tokenClient = tokenClient;
        this.time = time;
        this.refreshMargin = refreshMargin;
    }

    /// <summary>A token valid for at least the refresh margin; fetches one if the cached one is missing or stale.</summary>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = current;
        return token is not null && time.GetUtcNow() < token.RefreshAt
            ? ValueTask.FromResult(token.AccessToken)
            : new ValueTask<string>(RefreshAsync(stale: token?.AccessToken, cancellationToken));
    }

    /// <summary>
    /// Replaces <paramref name="rejected"/> (a token the partner answered 401 to). If another caller already replaced it,
    /// its replacement is returned instead of fetching again.
    /// </summary>
    public Task<string> RefreshAfterRejectionAsync(string rejected, CancellationToken cancellationToken) =>
        RefreshAsync(stale: rejected, cancellationToken, force: true);

    private async Task<string> RefreshAsync(string? stale, CancellationToken cancellationToken, bool force = false)
    {
        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the lock before us may have fetched already: use that unless it is the very token we found stale.
            var token = current;
            if (token is not null && token.AccessToken != stale && (force || time.GetUtcNow() < token.RefreshAt))
                return token.AccessToken;

            var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
            current = fetched;
            return fetched.AccessToken;
        }
        finally
        {
            refresh.Release();
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
        };
        if (!string.IsNullOrEmpty(credentials.Scope))
            form["scope"] = credentials.Scope;

        var fetchedAt = time.GetUtcNow();
        using var response = await tokenClient().PostAsync(credentials.TokenUrl, new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new PartnerAuthenticationException(
                $"The token endpoint {credentials.TokenUrl} answered {(int)response.StatusCode} for client '{credentials.ClientId}': {Truncate(body)}");
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        if (answer is null || string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn is not > 0)
            throw new PartnerAuthenticationException(
                $"The token endpoint {credentials.TokenUrl} answered without an access_token and a positive expires_in.");

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn.Value);
        // A short-lived token would otherwise be refreshed before every call: never take more than half its life as margin.
        var margin = refreshMargin < lifetime / 2 ? refreshMargin : lifetime / 2;
        return new CachedToken(answer.AccessToken, fetchedAt + lifetime - margin);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}

/// <summary>The hub could not obtain credentials for a partner (token endpoint refused or answered nonsense).</summary>
public sealed class PartnerAuthenticationException(string message) : Exception(message);
