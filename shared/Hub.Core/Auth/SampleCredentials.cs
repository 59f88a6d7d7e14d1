using System.Net;
using Hub.Core.Registry;

namespace Hub.Core.Auth;

/// <summary>
/// The sample registry's keys and secrets are published with the code, so a hub that anyone else can reach must not
/// accept them: this decides whether the addresses a hub serves allow the registry it loaded.
/// </summary>
public static class SampleCredentials
{
    /// <summary>How to make a real key, for the refusal message and the docs alike.</summary>
    public const string HowToMakeARealKey =
        "Make real keys with 'dotnet run --project functions/Hub.Standalone -- keys new --scope <scope>' (it prints a new key " +
        "and the registry entry holding its hash), put them in a registry of your own without \"sample\": true, give it " +
        "real platform secrets, and pass it with --registry; or listen on loopback only (--urls http://localhost:7071).";

    /// <summary>
    /// Null when the hub may start; otherwise why not, naming the active sample keys and platforms. Loopback-only
    /// addresses may use samples, as README's demo does; any other address (a wildcard, a LAN address, a host name)
    /// may be reached by others, who can read the samples in the repository.
    /// </summary>
    public static string? Refusal(HubRegistry registry, IEnumerable<string> addresses)
    {
        var beyondLoopback = addresses.Where(a => !IsLoopback(a)).ToList();
        if (beyondLoopback.Count == 0) return null;
        var sampleKeys = registry.ApiKeys.Where(k => k.Sample).Select(k => $"'{k.Name}' ({k.Scope})").ToList();
        var samplePlatforms = registry.Platforms.Where(p => p.Sample).Select(p => $"'{p.Id}'").ToList();
        if (sampleKeys.Count == 0 && samplePlatforms.Count == 0) return null;

        var samples = new List<string>();
        if (sampleKeys.Count > 0) samples.Add("sample API keys " + string.Join(", ", sampleKeys));
        if (samplePlatforms.Count > 0) samples.Add("sample signing secrets of platforms " + string.Join(", ", samplePlatforms));
        return $"Refusing to start: the hub would listen on {string.Join(", ", beyondLoopback)}, beyond loopback, while the registry " +
               $"has {string.Join(" and ", samples)}, whose plain text is published in the repository (seeds/README.md). " +
               HowToMakeARealKey;
    }

    /// <summary>
    /// True when the address (<c>http://127.0.0.1:7071</c>, a bare host, or a host and port) can only be reached from this
    /// machine: <c>localhost</c>, 127.0.0.0/8 or <c>::1</c>. Wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>),
    /// other addresses, other host names and anything unreadable are not.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        var host = Host(address.Trim());
        if (host.Length == 0) return false;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    // Not Uri: ASP.NET's wildcards '*' and '+' are not valid URI hosts, and a host without a scheme is not a URI at all.
    private static string Host(string address)
    {
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? address[(scheme + 3)..] : address;
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end >= 0 ? rest[..end] : rest;
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close > 0 ? authority[1..close] : "";
        }
        // More than one colon without brackets is a bare IPv6 address, not a host and a port.
        if (authority.Count(c => c == ':') > 1) return authority;
        var colon = authority.IndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }
}
