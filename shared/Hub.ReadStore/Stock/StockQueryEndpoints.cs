using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.ReadStore.Stock;

/// <summary>
/// The stock routes over the read store: report status and errors.csv, stock by SKU, stock by warehouse.
/// An <c>operator:&lt;id&gt;</c> key sees its own reports and warehouses; <c>admin</c> and <c>reader</c> see all.
/// </summary>
public sealed class StockQueryEndpoints(IReadStore store, IBlobStore blobs, HubRegistry registry, ApiKeyAuthenticator authenticator)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary><c>GET /api/warehouses/{operatorId}/stock-reports/{reportId}</c></summary>
    public async Task<IResult> GetReportAsync(HttpRequest request, string operatorId, string reportId, CancellationToken cancellationToken)
    {
        if (Authorise(request, operatorId) is { } refused) return refused;
        var document = await store.GetAsync(ReadStoreContainers.StockReports, operatorId, reportId, cancellationToken).ConfigureAwait(false);
        return document is null
            ? Problems.NotFound($"No stock report '{reportId}' of operator '{operatorId}' is known.")
            : Results.Content(document.Json, "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// <summary><c>GET /api/warehouses/{operatorId}/stock-reports/{reportId}/errors.csv</c>: every refused row, streamed from the blob store.</summary>
    public async Task<IResult> GetReportErrorsAsync(HttpRequest request, string operatorId, string reportId, CancellationToken cancellationToken)
    {
        if (Authorise(request, operatorId) is { } refused) return refused;
        var document = await store.GetAsync(ReadStoreContainers.StockReports, operatorId, reportId, cancellationToken).ConfigureAwait(false);
        if (document is null) return Problems.NotFound($"No stock report '{reportId}' of operator '{operatorId}' is known.");
        var content = await blobs.OpenReadAsync(StockReportBlobs.Errors, $"{operatorId}/{reportId}.csv", cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            var status = JsonSerializer.Deserialize(document.Json, ContractsJsonContext.Default.StockReportStatus)!;
            return Problems.NotFound($"Stock report '{reportId}' is {status.Status}; its errors.csv is written once its rows have been read.");
        }
        return Results.Stream(content, "text/csv; charset=utf-8", fileDownloadName: $"{reportId}-errors.csv");
    }

    /// <summary><c>GET /api/stock/{sku}</c>: the SKU in every warehouse the key may see.</summary>
    public async Task<IResult> GetSkuAsync(HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        // SKUs hold whatever a warehouse system chose ('A/100'); the route value alone cannot tell an encoded '/' (PathValues).
        sku = PathValues.Exact(request, sku, segmentFromEnd: 0);
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        IReadOnlySet<string>? visible = null;
        if (scope.Role == KeyRole.Operator)
            visible = (registry.FindOperator(scope.Id!)?.Warehouses ?? []).ToHashSet(StringComparer.Ordinal);
        else if (!scope.SeesEverything)
            return Problems.Forbidden($"This key ({scope}) may not read stock levels.");

        var json = new StringBuilder();
        json.Append("{\"sku\":").Append(JsonSerializer.Serialize(sku, HubJson.Web)).Append(",\"levels\":[");
        var count = 0;
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new DocumentQuery(StockLevelProjection.Container) { Id = sku, PageSize = MaxPageSize, ContinuationToken = token },
                cancellationToken).ConfigureAwait(false);
            foreach (var level in page.Items)
            {
                if (visible is not null && !visible.Contains(level.PartitionKey)) continue;
                if (count++ > 0) json.Append(',');
                json.Append(level.Json);
            }
            token = page.ContinuationToken;
        }
        while (token is not null);

        if (count == 0) return Problems.NotFound($"No stock of SKU '{sku}' is known{(visible is null ? "" : " in this operator's warehouses")}.");
        json.Append("]}");
        return Results.Content(json.ToString(), "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// <summary><c>GET /api/warehouses/{warehouseCode}/stock?pageSize=&amp;continuationToken=</c>, in SKU order.</summary>
    public async Task<IResult> ListWarehouseAsync(HttpRequest request, string warehouseCode, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        var owner = registry.Operators.FirstOrDefault(o => o.Warehouses.Contains(warehouseCode, StringComparer.Ordinal));
        if (owner is null) return Problems.NotFound($"No warehouse '{warehouseCode}' is registered.");
        if (!scope.CanRead(KeyRole.Operator, owner.Id))
            return Problems.Forbidden($"This key ({scope}) may not read the stock of warehouse '{warehouseCode}'.");

        var q = request.Query;
        var pageSize = DefaultPageSize;
        if (q["pageSize"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            return Problems.BadRequest("pageSize", $"Must be a whole number from 1 to {MaxPageSize}, not '{text}'.");

        DocumentPage page;
        try
        {
            page = await store.QueryAsync(new DocumentQuery(StockLevelProjection.Container)
            {
                PartitionKey = warehouseCode,
                PageSize = pageSize,
                ContinuationToken = q["continuationToken"].ToString() is { Length: > 0 } token ? token : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException e)
        {
            return Problems.BadRequest("continuationToken", e.Message);
        }

        var json = new StringBuilder();
        json.Append("{\"warehouse\":").Append(JsonSerializer.Serialize(warehouseCode, HubJson.Web))
            .Append(",\"operatorId\":").Append(JsonSerializer.Serialize(owner.Id, HubJson.Web)).Append(",\"items\":[");
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(page.Items[i].Json);
        }
        json.Append("],\"continuationToken\":").Append(JsonSerializer.Serialize(page.ContinuationToken, HubJson.Web)).Append('}');
        return Results.Content(json.ToString(), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private IResult? Authorise(HttpRequest request, string operatorId)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (!scope.CanRead(KeyRole.Operator, operatorId))
            return Problems.Forbidden($"This key ({scope}) may not read the stock reports of operator '{operatorId}'.");
        return registry.FindOperator(operatorId) is null ? Problems.NotFound($"No operator '{operatorId}' is registered.") : null;
    }
}
