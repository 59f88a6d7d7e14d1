namespace Hub.Contracts.Orders;

public sealed record OrderFulfilment
{
    /// <summary>Set when the goods ship from an overseas warehouse (customs mode 9810 for B2B exports).</summary>
    public string? WarehouseCode { get; init; }
    public string? Incoterm { get; init; }
    /// <summary>True when an import is released from a bonded warehouse (customs mode 1210).</summary>
    public bool BondedWarehouse { get; init; }
}
