namespace Hub.Contracts.Orders;

/// <summary>A buyer or seller. <see cref="Kind"/> is <c>business</c> or <c>consumer</c> (buyers only; sellers are businesses).</summary>
public sealed record OrderParty
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string Kind { get; init; } = PartyKinds.Business;
}

public static class PartyKinds
{
    public const string Business = "business";
    public const string Consumer = "consumer";
}
