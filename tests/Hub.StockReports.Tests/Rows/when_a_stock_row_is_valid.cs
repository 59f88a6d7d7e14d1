using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_a_stock_row_is_valid
{
    [Fact]
    public void every_column_is_read_into_the_line()
    {
        var line = Line(7,
            ("仓库编码", "DE-01"), ("商品编码", "A-1"), ("在库数量", "10"), ("可用数量", "6"), ("锁定数量", "3"), ("不良品数量", "1"),
            ("在途数量", "40"), ("批号", "L-2025-01"), ("有效期", "2026/03/31"), ("品名", "水泵 Pump"), ("单位", "pcs"),
            ("快照时间", "2025-06-30T18:00:00+08:00"));

        Assert.Equal(
            new StockLine(7, "DE-01", "A-1", 10, 6, 3, 1, 40, "L-2025-01", new DateOnly(2026, 3, 31), "水泵 Pump", "pcs",
                new DateTimeOffset(2025, 6, 30, 18, 0, 0, TimeSpan.FromHours(8))),
            line);
    }

    [Fact]
    public void optional_columns_may_be_absent_or_empty()
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "0"), ("available", null), ("lot", "  "));

        Assert.Equal(new StockLine(2, "DE-01", "A-1", 0), line);
    }

    [Fact]
    public void text_is_trimmed_and_the_warehouse_takes_the_registrys_spelling()
    {
        var line = Line(2, ("warehouse", "  de-01 "), ("sku", "\tA-1 "), ("qty", " 5 "), ("description", "  Pump  "), ("lot", " L1 "));

        Assert.Equal(("DE-01", "A-1", 5L, "Pump", "L1"), (line.Warehouse, line.Sku, line.OnHand, line.Description, line.Lot));
    }

    [Theory]
    [InlineData("12.0", 12)]
    [InlineData("12.00", 12)]
    [InlineData("0.0", 0)]
    [InlineData("12", 12)]
    public void a_whole_number_with_a_decimal_point_and_zeros_is_that_number_as_an_xlsx_cell_reads(string text, long expected)
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", text), ("available", text));

        Assert.Equal((expected, expected), (line.OnHand, line.Available!.Value));
    }

    [Theory]
    [InlineData("2025-06-30", "2025-06-30T00:00:00+00:00")]
    [InlineData("2025/06/30", "2025-06-30T00:00:00+00:00")]
    [InlineData("2025-06-30T18:00:00", "2025-06-30T18:00:00+00:00")]
    [InlineData("2025-06-30 18:00", "2025-06-30T18:00:00+00:00")]
    [InlineData("2025-06-30T18:00:00Z", "2025-06-30T18:00:00+00:00")]
    [InlineData("2025-06-30T18:00:00.250+08:00", "2025-06-30T18:00:00.250+08:00")]
    [InlineData("2025-06-30T18:00:00-05:00", "2025-06-30T18:00:00-05:00")]
    public void as_of_without_an_offset_is_taken_as_utc(string cell, string expected)
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "5"), ("as_of", cell));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), line.AsOf);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, line.AsOf!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-03-31")]
    [InlineData("2026/03/31")]
    [InlineData("2026-03-31T00:00:00")]
    [InlineData("2026-03-31T23:30:00-10:00")]
    public void expiry_keeps_the_date_as_written(string cell)
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "5"), ("expiry", cell));

        Assert.Equal(new DateOnly(2026, 3, 31), line.Expiry);
    }

    [Fact]
    public void a_value_that_looks_like_a_formula_is_kept_as_text()
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "=HYPERLINK(\"http://x\")"), ("qty", "5"), ("description", "@SUM(A1)"));

        Assert.Equal(("=HYPERLINK(\"http://x\")", "@SUM(A1)"), (line.Sku, line.Description));
    }

    [Fact]
    public void available_reserved_and_unsellable_may_add_up_to_on_hand_exactly()
    {
        var line = Line(2, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "10"), ("available", "5"), ("reserved", "3"), ("unsellable", "2"), ("inbound", "99"));

        Assert.Equal((10L, 5L, 3L, 2L, 99L), (line.OnHand, line.Available, line.Reserved, line.Unsellable, line.Inbound));
    }
}
