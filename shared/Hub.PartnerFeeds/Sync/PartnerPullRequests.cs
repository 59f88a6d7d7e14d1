using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;

namespace Hub.PartnerFeeds.Sync;

/// <summary>
/// Publishes <c>pull.requested</c> (topic <c>partner-feeds</c>, taken by the <c>puller</c> subscription): by the schedule, an
/// operator's request and a pull that handed over. The id names (partner, feed, reason, instant), so one occurrence or one
/// hand-over published twice is one request.
/// </summary>
public sealed class PartnerPullRequests(IEventBus bus)
{
    public const string Schedule = "schedule";
    public const string Request = "request";
    public const string Continue = "continue";

    public static CloudEvent Create(string partnerId, string feed, string reason, DateTimeOffset requestedAt) => HubCloudEvents.Create(
        PartnerPullRequested.IdFor(partnerId, feed, reason, requestedAt),
        PartnerFeedEventTypes.PullRequested,
        EventSources.PartnerFeeds,
        PartnerPullRequested.SubjectFor(partnerId, feed),
        requestedAt,
        new PartnerPullRequested(partnerId, feed, reason, requestedAt));

    /// <summary>Requests a pull now; returns the request's id. Throws <see cref="EventBusUnavailableException"/> when the bus cannot take it.</summary>
    public async Task<string> RequestAsync(string partnerId, string feed, string reason, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        var request = Create(partnerId, feed, reason, requestedAt);
        await bus.PublishAsync(Topics.PartnerFeeds, [request], cancellationToken).ConfigureAwait(false);
        return request.Id!;
    }

    /// <summary>Requests a pull no earlier than <paramref name="notBefore"/>; the same request waiting already is not doubled.</summary>
    public Task RequestLaterAsync(string partnerId, string feed, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        bus.PublishLaterAsync(Topics.PartnerFeeds, Create(partnerId, feed, Continue, notBefore), notBefore, cancellationToken);
}
