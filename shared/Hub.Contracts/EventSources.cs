namespace Hub.Contracts;

/// <summary>CloudEvent <c>source</c> values: the capability that produced an event.</summary>
public static class EventSources
{
    public const string OrderSync = "/hub/order-sync";
    public const string StockReports = "/hub/stock-reports";
    public const string Matchmaking = "/hub/matchmaking";
    public const string PartnerFeeds = "/hub/partner-feeds";
}
