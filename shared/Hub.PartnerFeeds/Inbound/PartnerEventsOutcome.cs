namespace Hub.PartnerFeeds.Inbound;

/// <summary>What became of one push of partner events; <see cref="PartnerEventsEndpoint"/> maps each case to its status code.</summary>
public abstract record PartnerEventsOutcome
{
    private PartnerEventsOutcome() { }

    /// <summary>202 (200 with <see cref="PartnerEventsAnswer.Duplicate"/> for a delivery seen before, answered as the first time).</summary>
    public sealed record Accepted(PartnerEventsAnswer Answer) : PartnerEventsOutcome;
    /// <summary>404: no such partner, or one that has no signature settings for pushes.</summary>
    public sealed record UnknownPartner(string Detail) : PartnerEventsOutcome;
    /// <summary>401: missing, bad or expired signature.</summary>
    public sealed record SignatureRejected(string Reason) : PartnerEventsOutcome;
    /// <summary>400: the body is not JSON, or not one item or <c>{"items": [...]}</c>.</summary>
    public sealed record Invalid(string Detail, IDictionary<string, string[]> Errors) : PartnerEventsOutcome;
    /// <summary>503: the bus did not take the records; nothing was recorded, so the partner's retry is handled afresh.</summary>
    public sealed record BusUnavailable(string Reason) : PartnerEventsOutcome;
}

/// <summary>The answer to a push: the delivery (<c>webhook-id</c>), how many records were accepted and which items were quarantined.</summary>
public sealed record PartnerEventsAnswer(string DeliveryId, bool Duplicate, int Accepted, IReadOnlyList<QuarantinedItem> Quarantined);

/// <summary>An item of a push that did not map and waits in the partner's quarantine.</summary>
/// <param name="Id">The item's id, or <c>malformed-</c> and a hash when it had no usable id.</param>
public sealed record QuarantinedItem(string Id, string Reason);
