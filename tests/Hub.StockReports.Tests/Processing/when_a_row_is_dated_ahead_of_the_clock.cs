using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Microsoft.Extensions.Time.Testing;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_row_is_dated_ahead_of_the_clock
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_row_decades_ahead_is_refused_naming_row_column_and_value_and_the_rest_apply()
    {
        await using var harness = new StockReportHarness(clock: new FakeTimeProvider(Now));

        var status = await harness.RunAsync("future.csv", Encoding.UTF8.GetBytes("""
            warehouse_code,sku,on_hand,as_of
            W1,NOW,5,2026-12-07T08:00:00Z
            W1,FUTURE,7,2062-11-03
            W1,SKEWED,9,2026-12-08T06:00:00+02:00
            """));

        Assert.Equal(StockReportStatuses.CompletedWithErrors, status.Status);
        Assert.Equal((2L, 1L), (status.RowsAccepted, status.RowsRejected));
        var error = Assert.Single(status.Errors!);
        Assert.Equal((3L, "as_of", "2062-11-03"), (error.Row, error.Column, error.Value));
        Assert.StartsWith("as_of is later than the hub's clock allows (2026-12-08T09:00Z, 24 h ahead of now)", error.Message, StringComparison.Ordinal);
        var skus = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported)
            .SelectMany(p => HubCloudEvents.GetData<StockReportedData>(p.Event).Lines).Select(l => l.Sku);
        Assert.Equal(["NOW", "SKEWED"], skus.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task the_allowance_is_an_option()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { MaxAsOfAhead = TimeSpan.Zero }, clock: new FakeTimeProvider(Now));

        var status = await harness.RunAsync("skew.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand,as_of\nW1,A,1,2026-12-07T09:00:00Z\nW1,B,1,2026-12-07T09:01:00Z\n"));

        Assert.Equal((1L, 1L), (status.RowsAccepted, status.RowsRejected));
        Assert.Equal(3, Assert.Single(status.Errors!).Row);
    }
}
