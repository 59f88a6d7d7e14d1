using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_lots_of_one_sku_are_reported
{
    private static readonly DateOnly June = new(2026, 6, 30);
    private static readonly DateOnly July = new(2026, 7, 31);

    [Fact]
    public void lots_are_summed_per_warehouse_and_sku_and_kept_as_a_breakdown()
    {
        var builder = new StockSnapshotBuilder();

        Assert.Null(builder.Add(new StockLine(2, "DE-01", "A-1", 10, Available: 8, Reserved: 2, Lot: "L1", Expiry: June, Description: "Pump")));
        Assert.Null(builder.Add(new StockLine(3, "DE-01", "A-2", 1)));
        Assert.Null(builder.Add(new StockLine(4, "DE-01", "A-1", 5, Available: 5, Inbound: 7, Lot: "L2", Expiry: July, Unit: "pcs")));
        Assert.Null(builder.Add(new StockLine(5, "DE-01", "A-1", 1)));
        Assert.Null(builder.Add(new StockLine(6, "NL-02", "A-1", 4, Lot: "L1")));

        var items = builder.Build();

        Assert.Equal(3, builder.Count);
        Assert.Equal([("DE-01", "A-1"), ("DE-01", "A-2"), ("NL-02", "A-1")], items.Select(i => (i.Warehouse, i.Sku)));
        var a1 = items[0];
        Assert.Equal((16L, (long?)13L, (long?)2L, (long?)null, (long?)7L, "Pump", "pcs"),
            (a1.OnHand, a1.Available, a1.Reserved, a1.Unsellable, a1.Inbound, a1.Description, a1.Unit));
        Assert.Equal(
            [
                new StockLot(2, "L1", 10, 8, 2, null, null, June),
                new StockLot(4, "L2", 5, 5, null, null, 7, July),
                new StockLot(5, null, 1, null, null, null, null, null),
            ],
            a1.Lots);
        Assert.Equal(4, items[2].OnHand);
    }

    [Fact]
    public void the_latest_as_of_of_the_lots_is_the_items()
    {
        var builder = new StockSnapshotBuilder();
        var earlier = new DateTimeOffset(2025, 6, 30, 8, 0, 0, TimeSpan.Zero);
        var later = earlier.AddHours(2);

        builder.Add(new StockLine(2, "DE-01", "A-1", 1, Lot: "L1", AsOf: later));
        builder.Add(new StockLine(3, "DE-01", "A-1", 1, Lot: "L2", AsOf: earlier));

        Assert.Equal(later, Assert.Single(builder.Build()).AsOf);
    }

    [Fact]
    public void an_exact_repeat_of_a_row_is_a_duplicate_and_changes_nothing()
    {
        var builder = new StockSnapshotBuilder();
        builder.Add(new StockLine(2, "DE-01", "A-1", 10, Lot: "L1"));

        var error = builder.Add(new StockLine(9, "DE-01", "A-1", 10, Lot: "L1"));

        Assert.Equal(new RowError(9, "lot", "L1", "duplicate of row 2"), error);
        Assert.Equal(10, Assert.Single(builder.Build()).OnHand);
    }

    [Fact]
    public void a_repeat_without_a_lot_is_a_duplicate_on_the_sku()
    {
        var builder = new StockSnapshotBuilder();
        builder.Add(new StockLine(2, "DE-01", "A-1", 10));

        Assert.Equal(new RowError(3, "sku", "A-1", "duplicate of row 2"), builder.Add(new StockLine(3, "DE-01", "A-1", 10)));
    }

    [Fact]
    public void the_same_lot_with_other_values_conflicts_and_the_first_row_stands()
    {
        var builder = new StockSnapshotBuilder();
        builder.Add(new StockLine(2, "DE-01", "A-1", 10, Available: 4, Lot: "L1", Expiry: June));

        var error = builder.Add(new StockLine(5, "DE-01", "A-1", 12, Available: 4, Lot: "L1", Expiry: July, Description: "Pump"));

        Assert.Equal(
            new RowError(5, "lot", "L1",
                "conflicts with row 2, which gives the same warehouse, sku and lot other values: on_hand 10 there, 12 here; expiry 2026-06-30 there, 2026-07-31 here; description empty there, 'Pump' here"),
            error);
        var item = Assert.Single(builder.Build());
        Assert.Equal((10L, 2L), (item.OnHand, Assert.Single(item.Lots).Row));
    }

    [Fact]
    public void the_same_sku_in_another_warehouse_or_lot_is_not_a_duplicate()
    {
        var builder = new StockSnapshotBuilder();

        Assert.Null(builder.Add(new StockLine(2, "DE-01", "A-1", 10, Lot: "L1")));
        Assert.Null(builder.Add(new StockLine(3, "NL-02", "A-1", 10, Lot: "L1")));
        Assert.Null(builder.Add(new StockLine(4, "DE-01", "A-1", 10, Lot: "l1")));
        Assert.Null(builder.Add(new StockLine(5, "DE-01", "a-1", 10, Lot: "L1")));
    }
}
