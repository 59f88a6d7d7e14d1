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
        var earlierReceivedLate = StockLevelProjection.Version(AsOf, AsOf.AddDays(90));
        var laterReceivedAtOnce = StockLevelProjection.Version(AsOf.AddMinutes(1), AsOf.AddMinutes(1));

        Assert.True(laterReceivedAtOnce > earlierReceivedLate);
    }

    [Fact]
    public void of_two_reports_with_one_as_of_the_one_received_a_second_later_wins()
    {
        Assert.True(StockLevelProjection.Version(AsOf, AsOf.AddHours(2).AddSeconds(1)) > StockLevelProjection.Version(AsOf, AsOf.AddHours(2)));
    }

    [Fact]
    public void a_file_re_sent_at_once_wins_over_the_one_it_corrects_by_a_millisecond()
    {
        var first = AsOf.AddSeconds(3);
        Assert.True(StockLevelProjection.Version(AsOf, first.AddMilliseconds(1)) > StockLevelProjection.Version(AsOf, first));
    }

    [Theory]
    [InlineData(0.0, 0.001)]
    [InlineData(60.0 * 18, 60.0 * 18 + 0.001)]
    [InlineData(60.0 * 19, 60.0 * 19 + 0.002)]
    [InlineData(60.0 * 24 * 14, 60.0 * 24 * 14 + 0.002)]
    [InlineData(60.0 * 24 * 20, 60.0 * 24 * 78)]
    public void a_later_receipt_of_one_as_of_wins_by_a_tenth_of_a_second_up_to_seventy_eight_days(double earlierMinutes, double laterMinutes) =>
        Assert.True(StockLevelProjection.Version(AsOf, AsOf.AddMinutes(laterMinutes)) > StockLevelProjection.Version(AsOf, AsOf.AddMinutes(earlierMinutes)));

    [Theory]
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z", "2026-01-01T00:00:00Z")]
    [InlineData("2068-01-19T03:14:07Z", "2068-03-19T03:14:07Z")]
    [InlineData("2127-09-01T00:00:00Z", "2127-12-31T23:59:59Z")]
    [InlineData("2099-12-31T23:59:59Z", "2099-12-31T23:59:59Z")]
    [InlineData("2026-06-30T18:00:00Z", "2026-06-01T00:00:00Z")]
    public void every_version_is_within_what_the_read_store_accepts(string asOf, string receivedAt)
    {
        var version = StockLevelProjection.Version(DateTimeOffset.Parse(asOf), DateTimeOffset.Parse(receivedAt));

        Assert.InRange(version, 0, ReadStoreKeys.MaxVersion);
    }
}
