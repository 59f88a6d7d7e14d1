using System.Buffers.Text;
using System.Security.Cryptography;
using Hub.Core.Registry;

namespace Hub.Core.Auth;

/// <summary>A freshly made API key: the plain text to hand over once, and the registry entry that keeps only its hash.</summary>
public sealed record NewApiKey(string Key, ApiKeyRegistration Registration)
{
    /// <summary>Recognisable in a config file, a log or a secret scanner's rules, unlike bare random text.</summary>
    public const string Prefix = "hub_";

    /// <summary>32 random bytes (256 bits), URL-safe base64 so the key fits a header, a URL and a shell without quoting.</summary>
    public static NewApiKey Create(KeyScope scope, string? name = null)
    {
        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new NewApiKey(key, new ApiKeyRegistration
        {
            Name = name ?? scope.ToString(),
            Sha256 = ApiKeyAuthenticator.Hash(key),
            Scope = scope.ToString(),
        });
    }
}
