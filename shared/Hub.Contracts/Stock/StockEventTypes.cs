namespace Hub.Contracts.Stock;

/// <summary>Wire names of the stock events (see <see cref="Orders.OrderEventTypes"/> for why they are not type names).</summary>
public static class StockEventTypes
{
    /// <summary>One warehouse's share of one report: a batch of its stock levels.</summary>
    public const string Reported = "hub.stock.stock.reported.v1";

    /// <summary>A SKU whose available quantity in a report is below the operator's threshold.</summary>
    public const string Low = "hub.stock.stock.low.v1";
}
