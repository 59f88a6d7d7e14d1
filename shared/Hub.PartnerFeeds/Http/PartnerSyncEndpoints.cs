using System.Text;
using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Http;
using Hub.PartnerFeeds.Partners;
using Hub.PartnerFeeds.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Http;

/// <summary>An operator's sync request, accepted: the pull runs through the bus.</summary>
public sealed record PartnerSyncRequested(string PartnerId, string Feed, string RequestId);

/// <summary>
/// The operator's partner-feed routes, shared by the PartnerFeeds Functions app and Standalone (admin keys only):
/// <c>POST /api/partners/{partnerId}/feeds/{feed}/sync</c> and <c>POST /api/partners/{partnerId}/quarantine/reprocess</c>.
/// </summary>
public sealed class PartnerSyncEndpoints(
    PartnerDirectory directory,
    PartnerPullRequests requests,
    PartnerQuarantineReprocessor reprocessor,
    ApiKeyAuthenticator authenticator,
    TimeProvider time,
    ILogger<PartnerSyncEndpoints> logger)
{
    /// <summary>Requests a pull of the feed now; 202 with the request's id, the pull's progress in <c>GET /api/partners/{partnerId}/feeds</c>.</summary>
    public async Task<IResult> RequestSyncAsync(HttpRequest request, string partnerId, string feed, CancellationToken cancellationToken)
    {
        if (Admin(request, "request a sync") is { } denied) return denied;
        partnerId = PathValues.Exact(request, partnerId, 3);
        feed = PathValues.Exact(request, feed, 1);
        if (directory.Find(partnerId) is null) return UnknownPartner(partnerId);
        if (directory.FindFeed(partnerId, feed) is null) return Problems.NotFound($"Partner '{partnerId}' has no feed '{feed}'.");

        string requestId;
        try
        {
            requestId = await requests.RequestAsync(partnerId, feed, PartnerPullRequests.Request, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (EventBusUnavailableException e)
        {
            logger.LogWarning(e, "A sync of feed {Feed} of partner {PartnerId} could not be requested", feed, partnerId);
            return Problems.Unavailable("The hub's bus cannot take the request now; nothing was requested. Try again shortly.");
        }
        request.HttpContext.Response.Headers.Location = $"/api/partners/{Uri.EscapeDataString(partnerId)}/feeds";
        return Json(HubJson.Serialize(new PartnerSyncRequested(partnerId, feed, requestId), PartnerFeedsJsonContext.Default.PartnerSyncRequested),
            StatusCodes.Status202Accepted);
    }

    /// <summary>Maps the partner's quarantined records again with the current registry; 200 with what became of them.</summary>
    public async Task<IResult> ReprocessQuarantineAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        if (Admin(request, "re-process a quarantine") is { } denied) return denied;
        partnerId = PathValues.Exact(request, partnerId, 2);
        if (directory.Find(partnerId) is not { } partner) return UnknownPartner(partnerId);

        PartnerQuarantineReprocessed done;
        try
        {
            done = await reprocessor.ReprocessAsync(partner, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBusUnavailableException e)
        {
            logger.LogWarning(e, "Re-processing the quarantine of partner {PartnerId} stopped: the bus refused", partnerId);
            return Problems.Unavailable("The hub's bus cannot take records now; what was not published is still quarantined. Try again shortly.");
        }
        return Json(HubJson.Serialize(done, PartnerFeedsJsonContext.Default.PartnerQuarantineReprocessed));
    }

    private IResult? Admin(HttpRequest request, string what)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        return scope.Role == KeyRole.Admin ? null : Problems.Forbidden($"Only an admin key may {what}, not {scope}.");
    }

    private static IResult UnknownPartner(string partnerId) => Problems.NotFound($"No partner '{partnerId}' in the registry.");

    private static IResult Json(string json, int status = StatusCodes.Status200OK) =>
        Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8, status);
}
