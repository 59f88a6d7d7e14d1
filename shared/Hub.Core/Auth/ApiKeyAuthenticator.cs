using System.Security.Cryptography;
using System.Text;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Auth;

/// <summary>Turns <c>Authorization: Bearer &lt;key&gt;</c> into the key's scope, comparing SHA-256 hashes only.</summary>
public sealed class ApiKeyAuthenticator
{
    private readonly Dictionary<string, KeyScope> _scopesByHash;

    public ApiKeyAuthenticator(HubRegistry registry)
    {
        _scopesByHash = new(StringComparer.OrdinalIgnoreCase);
        foreach (var key in registry.ApiKeys)
            if (KeyScope.TryParse(key.Scope, out var scope))
                _scopesByHash[key.Sha256] = scope;
    }

    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>
    /// The caller's scope in <paramref name="scope"/> and null; or, when the key is missing or unknown, the 401 to answer.
    /// </summary>
    public IResult? Challenge(HttpRequest request, out KeyScope scope)
    {
        scope = Authenticate(request)!;
        return scope is null ? Http.Problems.Unauthorized("Send 'Authorization: Bearer <api key>' with a key the registry knows.") : null;
    }

    /// <summary>The caller's scope, or null when the key is missing or unknown (answer 401).</summary>
    public KeyScope? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[bearer.Length..].Trim();
        return key.Length == 0 ? null : _scopesByHash.GetValueOrDefault(Hash(key));
    }
}
