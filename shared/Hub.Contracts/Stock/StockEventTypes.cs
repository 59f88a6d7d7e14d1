namespace Hub.Contracts.Stock;

/// <summary>Wire names of the stock events (see <see cref="Orders.OrderEventTypes"/> for why they are not type names).</summary>
public static class StockEventTypes
{
    /// <summary>One warehouse's share of one report: a batch of its stock levels.</summary>
    public const string Reported = "hub.stock.stock.reported.v1";

    /// <summary>A SKU whose available quantity in a report is below the operator's threshold.</summary>
    public const string Low = "hub.stock.stock.low.v1";

    /// <summary>
    /// A received report is to be run (subject = <c>{operatorId}/{reportId}</c>), by the <c>runner</c> subscription of
    /// <c>stock</c>: published when a report is received, for a retry after a fault of the hub (for later), and by the sweep.
    /// </summary>
    public const string RunRequested = "hub.stock.run.requested.v1";
}
