namespace Hub.PartnerFeeds.Http;

/// <summary>
/// Around every partner request, in front of <see cref="SafePartnerHandler"/>: refuses a request that is not https (plain http only
/// when loopback is allowed, and then the connect step lets it reach loopback only) before anything is sent, and turns a 3xx answer
/// into <see cref="PartnerRedirectRefusedException"/>, so that no caller follows a partner's redirect by hand either. A placeholder
/// host (<c>.invalid</c>, as in the sample registry) is refused before any name lookup.
/// </summary>
public sealed class PartnerRequestGuard(bool allowLoopback) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri;
        if (url is null || !url.IsAbsoluteUri) throw new PartnerUrlRefusedException(url, "the request URL must be absolute");
        if (url.Scheme != Uri.UriSchemeHttps && !(allowLoopback && url.Scheme == Uri.UriSchemeHttp))
            throw new PartnerUrlRefusedException(url, allowLoopback
                ? "partner requests must use https (plain http only to loopback)"
                : "partner requests must use https");
        if (url.UserInfo.Length > 0) throw new PartnerUrlRefusedException(url, "the request URL must not carry user-info");
        if (PartnerUrlRules.IsPlaceholderHost(url))
            throw new PartnerUrlRefusedException(url, "the host is a placeholder ('.invalid' never resolves): set the partner's real base URL in the registry");

        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode is >= 300 and <= 399)
        {
            var status = response.StatusCode;
            var location = response.Headers.Location;
            response.Dispose();
            throw new PartnerRedirectRefusedException(status, url, location);
        }
        return response;
    }
}
