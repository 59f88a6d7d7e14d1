namespace Hub.Contracts;

/// <summary>Container names that capabilities share through the read store.</summary>
public static class ReadStoreContainers
{
    public const string StockLevels = "stock-levels";
    public const string StockReports = "stock-reports";
}
