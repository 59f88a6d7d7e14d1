namespace Hub.Contracts.Orders;

public sealed record OrderLine
{
    public required string Sku { get; init; }
    public string? Description { get; init; }
    public string? HsCode { get; init; }
    public required decimal Quantity { get; init; }
    public string? Unit { get; init; }
    public required decimal UnitPrice { get; init; }
}
