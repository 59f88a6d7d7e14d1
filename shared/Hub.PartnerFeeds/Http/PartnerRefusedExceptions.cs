using System.Net;

namespace Hub.PartnerFeeds.Http;

/// <summary>
/// A partner host resolved to an address the hub may not connect to (<see cref="PartnerAddressPolicy"/>); thrown before any socket
/// is opened. <see cref="HttpClient"/> hands it on as the inner exception of an <see cref="HttpRequestException"/>.
/// </summary>
public sealed class PartnerAddressRefusedException(string host, IPAddress address, PartnerAddressRefusal refusal)
    : Exception($"Partner host '{host}' resolved to {address}, which the hub may not connect to: {refusal.Reason}.")
{
    public string Host { get; } = host;
    public IPAddress Address { get; } = address;
    public PartnerAddressRefusal Refusal { get; } = refusal;
}

/// <summary>A request to a partner whose URL breaks <see cref="PartnerUrlRules"/> (a plain http URL, say); nothing was sent.</summary>
public sealed class PartnerUrlRefusedException(Uri? url, string reason)
    : Exception($"Partner request to '{url}' refused: {reason}.")
{
    public Uri? Url { get; } = url;
    public string Reason { get; } = reason;
}

/// <summary>A partner answered with a redirect, which the hub does not follow (it could point anywhere, the metadata service included).</summary>
public sealed class PartnerRedirectRefusedException(HttpStatusCode status, Uri? requestUrl, Uri? location)
    : HttpRequestException($"Partner answered {(int)status} to '{requestUrl}', redirecting to '{location}'; partner redirects are not followed.", null, status)
{
    public Uri? RequestUrl { get; } = requestUrl;
    public Uri? Location { get; } = location;
}

public static class PartnerRefusals
{
    /// <summary>
    /// Whether <paramref name="exception"/> (or an inner one) is one of the guard's refusals: a retry would be refused the same way,
    /// so resilience pipelines should not retry it (their default treats every <see cref="HttpRequestException"/> as transient).
    /// </summary>
    public static bool IsRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PartnerAddressRefusedException or PartnerUrlRefusedException or PartnerRedirectRefusedException) return true;
        return false;
    }
}
