using System.Text;
using System.Text.Json;
using Hub.Core.Http;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks;

/// <summary><c>POST /api/webhooks/orders/{platformId}</c>, shared by the Functions app and Standalone.</summary>
public sealed class OrderWebhookEndpoint(OrderWebhookHandler handler, HubRegistry registry)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, string platformId, CancellationToken cancellationToken)
    {
        if (registry.FindPlatform(platformId) is null)
            return Problems.NotFound($"No platform '{platformId}' is registered.");
        if (!RequestBodies.IsJson(request))
            return Problems.UnsupportedMediaType(request.ContentType, "application/json (UTF-8)");
        var body = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(MaxBodyBytes);

        var outcome = await handler.HandleAsync(new WebhookDelivery(platformId, request.Headers, body), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            WebhookOutcome.Accepted a => Answer(new WebhookAnswer(a.IngestionId, false), StatusCodes.Status202Accepted),
            WebhookOutcome.Duplicate d => Answer(new WebhookAnswer(d.IngestionId, true), StatusCodes.Status200OK),
            WebhookOutcome.UnknownPlatform u => Problems.NotFound($"No platform '{u.PlatformId}' is registered."),
            WebhookOutcome.SignatureRejected s => Problems.Unauthorized(s.Reason),
            WebhookOutcome.Invalid i => Problems.Validation(i.Errors, i.Detail),
            WebhookOutcome.BusUnavailable b => Problems.Unavailable(b.Reason),
            _ => throw new InvalidOperationException($"Unmapped webhook outcome {outcome.GetType().Name}."),
        };
    }

    // Serialised up front, so the answer goes out with a Content-Length rather than chunked.
    private static IResult Answer(WebhookAnswer answer, int status) =>
        Results.Text(JsonSerializer.Serialize(answer, OrdersJsonContext.Default.WebhookAnswer), "application/json; charset=utf-8", Encoding.UTF8, status);

    public sealed record WebhookAnswer(string IngestionId, bool Duplicate);
}
