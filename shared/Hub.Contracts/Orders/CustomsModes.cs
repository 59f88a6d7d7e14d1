namespace Hub.Contracts.Orders;

/// <summary>China Customs supervision modes the hub derives (seed plan, section 8).</summary>
public static class CustomsModes
{
    public const string CrossBorderB2C = "9610";
    public const string B2BDirectExport = "9710";
    public const string B2BOverseasWarehouse = "9810";
    public const string BondedImport = "1210";
    public const string GeneralTrade = "0110";
    public const string Domestic = "domestic";

    /// <summary>Orders in these modes are pushed to the eWTP partner serving the destination.</summary>
    public static bool IsCrossBorderEcommerce(string mode) =>
        mode is CrossBorderB2C or B2BDirectExport or B2BOverseasWarehouse;
}
