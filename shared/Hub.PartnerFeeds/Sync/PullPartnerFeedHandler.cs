using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Sync;

/// <summary>
/// The puller (<see cref="Consumers.PullPartnerFeed"/>): pulls the feed a <c>pull.requested</c> event names, in both hosts.
/// </summary>
/// <remarks>
/// A pull that failed (the partner down past the client's retries, a cursor that went back) throws
/// <see cref="PartnerPullFailedException"/> once its error is in the feed's state: the bus delivers the request again after a
/// pause and, past its attempts, dead-letters it with the partner's error, where an operator sees and replays it. A request
/// that finds another pull holding the feed asks again for when that lease would lapse, so that a holder that died (a killed
/// process) does not leave the feed unpulled until the next schedule. A partner URL the network rules refuse is not retried.
/// </remarks>
public sealed class PullPartnerFeedHandler(PartnerFeedSync sync, PartnerPullRequests requests, TimeProvider time, ILogger<PullPartnerFeedHandler> logger)
{
    private static readonly TimeSpan LapseMargin = TimeSpan.FromMilliseconds(100);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        if (cloudEvent.Type != PartnerFeedEventTypes.PullRequested) return;
        var request = HubCloudEvents.GetData<PartnerPullRequested>(cloudEvent);
        var result = await sync.PullAsync(request.PartnerId, request.Feed, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case PartnerPullOutcome.Failed when result.Refused:
                // A URL or address the network rules refuse fails the same way on every retry: the feed's state shows the error,
                // and the next request after the registry is fixed pulls.
                logger.LogWarning("Pull request {CloudEventId} of feed {Feed} of partner {PartnerId} refused by the hub's network rules; not retried: {Error}",
                    cloudEvent.Id, request.Feed, request.PartnerId, result.Error);
                break;
            case PartnerPullOutcome.Failed:
                throw new PartnerPullFailedException(
                    $"Pull of feed '{request.Feed}' of partner '{request.PartnerId}' ({request.Reason}, {cloudEvent.Id}) stopped after {result.Pages} pages: {result.Error}");
            case PartnerPullOutcome.Busy when result.BusyUntil is { } until:
                // Just past the lapse: a request due at the very instant could find the lease a tick short of lapsing, and
                // asking again under the id it was delivered with would be dropped as the same request still waiting.
                var now = time.GetUtcNow();
                await requests.RequestLaterAsync(request.PartnerId, request.Feed, (until > now ? until : now) + LapseMargin, cancellationToken).ConfigureAwait(false);
                break;
            case PartnerPullOutcome.LeaseLost:
                logger.LogWarning("Pull request {CloudEventId} lost feed {Feed} of partner {PartnerId} to another pull, which carries on", cloudEvent.Id, request.Feed, request.PartnerId);
                break;
        }
    }
}

/// <summary>A pull stopped on the partner's failure or misbehaviour; the message names the feed and the partner's error.</summary>
public sealed class PartnerPullFailedException(string message) : Exception(message);
