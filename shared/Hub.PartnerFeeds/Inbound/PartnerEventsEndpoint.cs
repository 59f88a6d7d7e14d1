using System.Text;
using Hub.Core.Http;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.PartnerFeeds.Inbound;

/// <summary>
/// <c>POST /api/partners/{partnerId}/events</c>, shared by the Functions app and Standalone. No API key: the partner's
/// Standard Webhooks signature is the credential.
/// </summary>
public sealed class PartnerEventsEndpoint(PartnerEventsHandler handler, HubRegistry registry)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        var partner = registry.FindPartner(partnerId);
        if (partner is null) return Problems.NotFound($"No partner '{partnerId}' is registered.");
        if (partner.Signature is null) return Problems.NotFound($"Partner '{partnerId}' has no signature settings, so it cannot push events.");
        if (!RequestBodies.IsJson(request)) return Problems.UnsupportedMediaType(request.ContentType, "application/json (UTF-8)");
        var body = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(MaxBodyBytes);

        var outcome = await handler.HandleAsync(partnerId, request.Headers, body, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            PartnerEventsOutcome.Accepted { Answer.Duplicate: true } a => Answer(a.Answer, StatusCodes.Status200OK),
            PartnerEventsOutcome.Accepted a => Answer(a.Answer, StatusCodes.Status202Accepted),
            PartnerEventsOutcome.UnknownPartner u => Problems.NotFound(u.Detail),
            PartnerEventsOutcome.SignatureRejected s => Problems.Unauthorized(s.Reason),
            PartnerEventsOutcome.Invalid i => Problems.Validation(i.Errors, i.Detail),
            PartnerEventsOutcome.BusUnavailable b => Problems.Unavailable(b.Reason),
            _ => throw new InvalidOperationException($"Unmapped partner-events outcome {outcome.GetType().Name}."),
        };
    }

    private static IResult Answer(PartnerEventsAnswer answer, int status) =>
        Results.Text(PartnerEventsHandler.Serialize(answer), "application/json; charset=utf-8", Encoding.UTF8, status);
}
