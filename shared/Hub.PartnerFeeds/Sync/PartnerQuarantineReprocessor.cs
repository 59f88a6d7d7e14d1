using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Model;
using Hub.PartnerFeeds.Records;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Sync;

/// <summary>What a re-process of a partner's quarantine did.</summary>
public sealed record PartnerQuarantineReprocessed(int Examined, int Mapped, int StillQuarantined);

/// <summary>
/// Maps every quarantined record of a partner again with the registry as it is now (its record types and fields fixed, say):
/// those that map are published like any pulled record (same CloudEvent id) and leave the quarantine; the others stay, with
/// the new reason and one more attempt. A page is published before its records are removed, so a crash in between leaves
/// them quarantined and a second re-process publishes the same events again, which changes nothing.
/// </summary>
public sealed class PartnerQuarantineReprocessor(
    PartnerQuarantine quarantine, PartnerFeedStates states, IEventBus bus, TimeProvider time, ILogger<PartnerQuarantineReprocessor> logger)
{
    private const int PageSize = 200;

    public async Task<PartnerQuarantineReprocessed> ReprocessAsync(PartnerRegistration partner, CancellationToken cancellationToken)
    {
        var (examined, mapped, still) = (0, 0, 0);
        string? continuation = null;
        do
        {
            var (items, next) = await quarantine.ListAsync(partner.Id, feed: null, PageSize, continuation, cancellationToken).ConfigureAwait(false);
            continuation = next;
            var now = time.GetUtcNow();
            var published = new List<(QuarantinedRecord Held, CloudEvent Event)>();
            foreach (var held in items)
            {
                examined++;
                switch (PartnerRecordMapper.Map(partner, held.Item, held.Feed, now))
                {
                    case PartnerRecordMapping.Mapped m:
                        published.Add((held, PartnerRecordEvents.Create(m.Record)));
                        break;
                    case PartnerRecordMapping.Quarantined q:
                        await quarantine.PutAsync(partner.Id, held.Feed, held.Item, q, now, cancellationToken).ConfigureAwait(false);
                        still++;
                        break;
                }
            }
            if (published.Count == 0) continue;

            await bus.PublishAsync(Topics.PartnerFeeds, published.Select(p => p.Event).ToList(), cancellationToken).ConfigureAwait(false);
            mapped += published.Count;
            foreach (var (held, _) in published)
            {
                // Gone already: a pull of the same record, fixed at the partner, removed it and counted it.
                if (!await quarantine.RemoveAsync(partner.Id, held.RecordId, cancellationToken).ConfigureAwait(false)) continue;
                if (held.Feed is not null) await states.AddQuarantinedAsync(partner.Id, held.Feed, -1, cancellationToken).ConfigureAwait(false);
            }
        }
        while (continuation is not null);

        logger.LogInformation("Re-processed the quarantine of partner {PartnerId}: {Examined} examined, {Mapped} mapped and published, {Still} still quarantined",
            partner.Id, examined, mapped, still);
        return new PartnerQuarantineReprocessed(examined, mapped, still);
    }
}
