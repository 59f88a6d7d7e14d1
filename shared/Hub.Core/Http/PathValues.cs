using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hub.Core.Http;

/// <summary>
/// The exact text of an id taken from the URL path, whatever it holds. Clients percent-encode an id into one path segment
/// (<c>/api/orders/acme/PO%2F2026%2F1</c>). Kestrel decodes every escape in the path except <c>%2F</c>, which it leaves as
/// it is so that an encoded '/' does not split the segment: the route value is then <c>PO%2F2026%2F1</c>, and, since <c>%25</c>
/// is decoded, an id holding the literal text <c>%2F</c> (sent as <c>%252F</c>) arrives as the same route value.
/// </summary>
/// <remarks>
/// So the id is read from the request line itself (<see cref="IHttpRequestFeature.RawTarget"/>), fully decoded, after
/// checking that the raw segment is the one the route value came from (decoded Kestrel's way, it must equal the route
/// value). Where no raw target is available, or it does not match (a host or proxy rewrote the URL), the route value is
/// used with <c>%2F</c> read as '/': right for every id except one holding the literal text <c>%2F</c>.
/// The segments <c>.</c> and <c>..</c> are removed from a path before routing (RFC 3986), so ids that are exactly those
/// cannot be addressed in a path at all.
/// </remarks>
public static class PathValues
{
    /// <summary>
    /// The decoded value of the route value <paramref name="routeValue"/>, which routing took from the path segment
    /// <paramref name="segmentFromEnd"/> places from the end (0: the last).
    /// </summary>
    public static string Exact(HttpRequest request, string routeValue, int segmentFromEnd)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValue);
        if (RawSegment(request, segmentFromEnd) is { } raw && DecodedAsKestrelDoes(raw) == routeValue)
            return Uri.UnescapeDataString(raw);
        return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    private static string? RawSegment(HttpRequest request, int segmentFromEnd)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/') return null;
        var path = target.AsSpan();
        if (path.IndexOfAny('?', '#') is var end and >= 0) path = path[..end];
        if (path.Length > 1 && path[^1] == '/') path = path[..^1];
        for (var i = 0; i < segmentFromEnd; i++)
        {
            var slash = path.LastIndexOf('/');
            if (slash <= 0) return null;
            path = path[..slash];
        }
        return path[(path.LastIndexOf('/') + 1)..].ToString();
    }

    /// <summary>Every escape decoded except <c>%2F</c>, which stays as it was written.</summary>
    private static string DecodedAsKestrelDoes(string raw)
    {
        var decoded = new StringBuilder(raw.Length);
        var start = 0;
        for (var at = raw.IndexOf("%2F", StringComparison.OrdinalIgnoreCase); at >= 0; at = raw.IndexOf("%2F", start, StringComparison.OrdinalIgnoreCase))
        {
            decoded.Append(Uri.UnescapeDataString(raw[start..at])).Append(raw, at, 3);
            start = at + 3;
        }
        return decoded.Append(Uri.UnescapeDataString(raw[start..])).ToString();
    }
}
