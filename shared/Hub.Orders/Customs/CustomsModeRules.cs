using Hub.Contracts.Orders;

namespace Hub.Orders.Customs;

/// <summary>
/// Derives the China Customs supervision mode of an order (seed plan, section 8): the hub serves Zhejiang, so
/// "export" means the seller is in China and the buyer abroad, "import" the reverse.
/// </summary>
public static class CustomsModeRules
{
    public const string HomeCountry = "CN";

    public static string Derive(CanonicalOrder order)
    {
        var seller = order.Seller.Country;
        var buyer = order.Buyer.Country;
        if (seller == buyer) return CustomsModes.Domestic;
        if (seller == HomeCountry)
        {
            if (order.Buyer.Kind == PartyKinds.Consumer) return CustomsModes.CrossBorderB2C;
            return string.IsNullOrEmpty(order.Fulfilment?.WarehouseCode) ? CustomsModes.B2BDirectExport : CustomsModes.B2BOverseasWarehouse;
        }
        if (buyer == HomeCountry && order.Fulfilment?.BondedWarehouse == true) return CustomsModes.BondedImport;
        return CustomsModes.GeneralTrade;
    }
}
