using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Hub.ReadStore.Orders;

/// <summary><c>GET /api/orders/{platformId}/{orderId}</c> and <c>GET /api/orders?...</c>, shared by both hosts.</summary>
public sealed class OrderQueryEndpoints(IReadStore store, ApiKeyAuthenticator authenticator)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private static readonly HashSet<string> KnownParameters =
        ["platformId", "status", "sellerId", "destination", "from", "to", "pageSize", "continuationToken"];

    public async Task<IResult> GetAsync(HttpRequest request, string platformId, string orderId, CancellationToken cancellationToken)
    {
        // Order ids hold whatever a platform chose ('PO/2026/1'); the route value alone cannot tell an encoded '/' (PathValues).
        platformId = PathValues.Exact(request, platformId, segmentFromEnd: 1);
        orderId = PathValues.Exact(request, orderId, segmentFromEnd: 0);
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (!scope.CanRead(KeyRole.Platform, platformId))
            return Problems.Forbidden($"This key ({scope}) may not read orders of platform '{platformId}'.");

        var document = await store.GetAsync(OrderProjection.Container, platformId, orderId, cancellationToken).ConfigureAwait(false);
        if (document is null) return Problems.NotFound($"No order '{orderId}' from platform '{platformId}' is known.");
        var push = await store.GetAsync(ReadStoreContainers.PartnerPushes, platformId, orderId, cancellationToken).ConfigureAwait(false);
        if (push is null)
        {
            request.HttpContext.Response.Headers.ETag = document.ETag;
            return Results.Content(document.Json, "application/json; charset=utf-8", Encoding.UTF8);
        }
        request.HttpContext.Response.Headers.ETag = $"\"{document.ETag.Trim('"')}.{push.ETag.Trim('"')}\"";
        return Results.Content(WithPartnerPush(document.Json, push.Json), "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>
    /// The order's view with its outbound push to a partner as <c>partnerPush</c>. The push is kept apart from the order
    /// (its own consumer writes it, container partner-pushes), so the two are joined here, the push read through its contract.
    /// </summary>
    internal static string WithPartnerPush(string orderJson, string pushJson)
    {
        var push = JsonSerializer.Deserialize(pushJson, ReadStoreJsonContext.Default.OrderPartnerPush)
            ?? throw new JsonException("An order's partner push document is null.");
        var end = orderJson.LastIndexOf('}');
        return new StringBuilder(orderJson.Length + pushJson.Length + 16)
            .Append(orderJson, 0, end)
            .Append(",\"partnerPush\":")
            .Append(HubJson.Serialize(push, ReadStoreJsonContext.Default.OrderPartnerPush))
            .Append(orderJson, end, orderJson.Length - end)
            .ToString();
    }

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;

        var errors = new ValidationErrors();
        var q = request.Query;
        foreach (var unknown in q.Keys.Where(k => !KnownParameters.Contains(k)))
            errors.Add(unknown, $"Unknown parameter; the accepted ones are {string.Join(", ", KnownParameters)}.");

        var platformId = Single(q, "platformId");
        if (scope.Role == KeyRole.Platform)
        {
            if (platformId is not null && platformId != scope.Id)
                return Problems.Forbidden($"This key ({scope}) may not read orders of platform '{platformId}'.");
            platformId = scope.Id;
        }
        else if (!scope.SeesEverything)
        {
            return Problems.Forbidden($"This key ({scope}) may not read orders.");
        }

        var filters = new List<DocumentFilter>();
        if (Single(q, "status") is { } status)
        {
            if (OrderStatusMachine.Statuses.Contains(status)) filters.Add(DocumentFilter.Eq("status", status));
            else errors.Add("status", $"'{status}' is not one of {string.Join(", ", OrderStatusMachine.Statuses)}.");
        }
        if (Single(q, "sellerId") is { } sellerId) filters.Add(DocumentFilter.Eq("seller.id", sellerId));
        if (Single(q, "destination") is { } destination)
        {
            if (IsoCodes.IsCountry(destination)) filters.Add(DocumentFilter.Eq("buyer.country", destination));
            else errors.Add("destination", $"'{destination}' is not an ISO 3166-1 alpha-2 country code.");
        }
        AddTimeFilter(q, "from", FilterOperator.GreaterOrEqual, filters, errors);
        AddTimeFilter(q, "to", FilterOperator.LessOrEqual, filters, errors);

        var pageSize = DefaultPageSize;
        if (Single(q, "pageSize") is { } pageSizeText && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add("pageSize", $"Must be a whole number from 1 to {MaxPageSize}, not '{pageSizeText}'.");

        if (!errors.IsEmpty) return Problems.Validation(errors.ToDictionary());

        return await StoredDocumentPages.QueryAsync(store, new DocumentQuery(OrderProjection.Container)
        {
            PartitionKey = platformId,
            Filters = filters,
            PageSize = pageSize,
            ContinuationToken = Single(q, "continuationToken"),
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void AddTimeFilter(IQueryCollection q, string name, FilterOperator op, List<DocumentFilter> filters, ValidationErrors errors)
    {
        if (Single(q, name) is not { } text) return;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            filters.Add(new DocumentFilter("occurredAt", op, OrderProjection.FormatUtc(at)));
        else
            errors.Add(name, $"'{text}' is not a date or date-time (2026-11-26 or 2026-11-26T08:00:00Z).");
    }

    private static string? Single(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
