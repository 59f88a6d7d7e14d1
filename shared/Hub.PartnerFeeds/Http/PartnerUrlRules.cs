using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Hub.PartnerFeeds.Http;

/// <summary>
/// What a configured partner base URL must be: absolute https, no user-info, no fragment; a literal IP host is judged by
/// <see cref="PartnerAddressPolicy"/> at once (names are judged at connect time, by the address actually connected to).
/// Plain http only to loopback (a literal loopback address or <c>localhost</c>) when loopback is allowed (Standalone's demo, tests).
/// A host under <c>.invalid</c> (RFC 6761: never resolves) is a placeholder, as in the sample registry's partners, and is refused
/// before any name lookup, with a message that says to configure the real URL.
/// </summary>
public static class PartnerUrlRules
{
    /// <exception cref="ArgumentException">The URL breaks a rule; the message says which.</exception>
    public static void Validate(Uri baseUrl, bool allowLoopback)
    {
        if (!TryValidate(baseUrl, allowLoopback, out var problem)) throw new ArgumentException(problem, nameof(baseUrl));
    }

    public static bool TryValidate(Uri baseUrl, bool allowLoopback, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        problem = Problem(baseUrl, allowLoopback);
        return problem is null;
    }

    private static string? Problem(Uri url, bool allowLoopback)
    {
        if (!url.IsAbsoluteUri) return $"Partner URL '{url}' must be absolute (https://host/...).";
        var isLoopbackHost = url.IsLoopback;
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            if (url.Scheme != Uri.UriSchemeHttp)
                return $"Partner URL '{url}' must use https, not '{url.Scheme}'.";
            if (!allowLoopback || !isLoopbackHost)
                return allowLoopback
                    ? $"Partner URL '{url}' must use https; plain http is allowed only to loopback (127.0.0.1, [::1], localhost)."
                    : $"Partner URL '{url}' must use https.";
        }
        if (IsPlaceholderHost(url))
            return $"Partner URL '{url}' is a placeholder ('.invalid' never resolves): set the partner's real base URL in the registry.";
        if (url.UserInfo.Length > 0) return $"Partner URL '{url.GetLeftPart(UriPartial.Scheme)}{url.Host}...' must not carry user-info (credentials belong in the partner's authentication settings).";
        if (url.Fragment.Length > 0) return $"Partner URL '{url}' must not have a fragment ('{url.Fragment}').";
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.IdnHost, out var address))
        {
            var refusal = new PartnerAddressPolicy(allowLoopback).RefusalFor(address);
            if (refusal is not null) return $"Partner URL '{url}' names an address the hub may not connect to: {refusal.Reason}.";
        }
        else if (url.HostNameType is not UriHostNameType.Dns)
            return $"Partner URL '{url}' has no usable host name.";
        return null;
    }

    /// <summary>Whether the URL's host is under <c>.invalid</c>: a placeholder that must never be looked up.</summary>
    public static bool IsPlaceholderHost(Uri url) =>
        url.HostNameType == UriHostNameType.Dns
        && (url.IdnHost.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) || url.IdnHost.EndsWith(".invalid.", StringComparison.OrdinalIgnoreCase)
            || url.IdnHost.Equals("invalid", StringComparison.OrdinalIgnoreCase));
}
