using Hub.Core.Storage;
using Hub.ReadStore.Stock;

namespace Hub.ReadStore.Tests;

/// <summary>
/// A stock level's version orders reports by as-of, then by receipt, in one number the read store compares; it stays
/// within 0..2^53 - 1 so that Cosmos DB, which reads numbers as doubles, compares it exactly.
/// </summary>
public sealed class when_a_stock_level_version_is_computed
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 30, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_later_as_of_wins_over_any_receipt_delay_of_an_earlier_one()
    {
        var earlierReceivedLate = StockLevelProjection.Version(AsOf, AsOf.AddDays(40));
        var laterReceivedAtOnce = StockLevelProjection.Version(AsOf.AddSeconds(1), AsOf.AddSeconds(1));

        Assert.True(laterReceivedAtOnce > earlierReceivedLate);
    }

    [Fact]
    public void of_two_reports_with_one_as_of_the_one_received_a_second_later_wins()
    {
        Assert.True(StockLevelProjection.Version(AsOf, AsOf.AddHours(2).AddSeconds(1)) > StockLevelProjection.Version(AsOf, AsOf.AddHours(2)));
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z", "2026-01-01T00:00:00Z")]
    [InlineData("2068-01-19T03:14:07Z", "2068-03-19T03:14:07Z")]
    [InlineData("2099-12-31T23:59:59Z", "2099-12-31T23:59:59Z")]
    [InlineData("2026-06-30T18:00:00Z", "2026-06-01T00:00:00Z")]
    public void every_version_is_within_what_the_read_store_accepts(string asOf, string receivedAt)
    {
        var version = StockLevelProjection.Version(DateTimeOffset.Parse(asOf), DateTimeOffset.Parse(receivedAt));

        Assert.InRange(version, 0, ReadStoreKeys.MaxVersion);
    }
}
