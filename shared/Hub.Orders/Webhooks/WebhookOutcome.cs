namespace Hub.Orders.Webhooks;

/// <summary>What became of one webhook delivery; the endpoint maps each case to its status code.</summary>
public abstract record WebhookOutcome
{
    private WebhookOutcome() { }

    /// <summary>202: the order event is durably published.</summary>
    public sealed record Accepted(string IngestionId) : WebhookOutcome;
    /// <summary>200: this delivery id was accepted before; nothing new is published.</summary>
    public sealed record Duplicate(string IngestionId) : WebhookOutcome;
    /// <summary>404.</summary>
    public sealed record UnknownPlatform(string PlatformId) : WebhookOutcome;
    /// <summary>401: missing, bad or expired signature.</summary>
    public sealed record SignatureRejected(string Reason) : WebhookOutcome;
    /// <summary>400: every fault of the payload, by field path.</summary>
    public sealed record Invalid(string Detail, IDictionary<string, string[]> Errors) : WebhookOutcome;
    /// <summary>503: the bus did not take the event; nothing was recorded, so the platform's retry will be accepted.</summary>
    public sealed record BusUnavailable(string Reason) : WebhookOutcome;
}
