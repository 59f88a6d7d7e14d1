using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_a_stock_row_is_invalid
{
    [Theory]
    [InlineData("1,234", "must be a whole number without separators: write 1234, not 1,234")]
    [InlineData("1 234", "must be a whole number without separators: write 1234, not 1,234")]
    [InlineData("12.5", "must be a whole number")]
    [InlineData("12,0", "has a decimal comma: write a whole number with digits only (12, not 12,0)")]
    [InlineData("12,50", "has a decimal comma: write a whole number with digits only (12, not 12,0)")]
    [InlineData("1e3", "must be a whole number")]
    [InlineData("+5", "must be a whole number")]
    [InlineData("five", "must be a whole number")]
    [InlineData("-3", "must be 0 or more")]
    [InlineData("-1.5", "must be a whole number, 0 or more")]
    [InlineData("1000000000001", "must be at most 1000000000000")]
    [InlineData("99999999999999999999", "must be at most 1000000000000")]
    public void a_bad_quantity_is_reported_with_its_row_column_and_value(string cell, string message)
    {
        var errors = ErrorsOf(12, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "5"), ("reserved", cell));

        Assert.Equal([new RowError(12, "reserved", cell, message)], errors);
    }

    [Fact]
    public void a_bad_on_hand_is_reported_on_on_hand()
    {
        var errors = ErrorsOf(3, ("warehouse", "DE-01"), ("sku", "A-1"), ("在库数量", "-1"));

        Assert.Equal([new RowError(3, "on_hand", "-1", "must be 0 or more")], errors);
    }

    [Fact]
    public void missing_required_cells_are_each_reported()
    {
        var errors = ErrorsOf(4, ("warehouse", " "), ("sku", null), ("qty", ""));

        Assert.Equal(
            [
                new RowError(4, "warehouse_code", " ", "is required"),
                new RowError(4, "sku", null, "is required"),
                new RowError(4, "on_hand", "", "is required"),
            ],
            errors);
    }

    [Fact]
    public void a_warehouse_of_another_operator_is_refused_naming_the_operators_warehouses()
    {
        var errors = ErrorsOf(5, ("warehouse", "FR-09"), ("sku", "A-1"), ("qty", "5"));

        Assert.Equal([new RowError(5, "warehouse_code", "FR-09", "is not a warehouse of operator 'op-eu', whose warehouses are DE-01, NL-02")], errors);
    }

    [Fact]
    public void more_available_reserved_and_unsellable_than_on_hand_is_reported_on_available_with_all_four_values()
    {
        var errors = ErrorsOf(6, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "10"), ("available", "8"), ("reserved", "3"), ("unsellable", "1"));

        Assert.Equal([new RowError(6, "available", "8", "available (8) + reserved (3) + unsellable (1) = 12 exceeds on_hand (10)")], errors);
    }

    [Fact]
    public void the_sum_check_counts_an_absent_quantity_as_nothing()
    {
        var errors = ErrorsOf(6, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "2"), ("reserved", "3"));

        Assert.Equal([new RowError(6, "available", null, "available (empty) + reserved (3) + unsellable (empty) = 3 exceeds on_hand (2)")], errors);
    }

    [Fact]
    public void the_sum_check_is_skipped_when_one_of_its_quantities_is_itself_bad()
    {
        var errors = ErrorsOf(6, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "2"), ("available", "9"), ("reserved", "x"));

        Assert.Equal([new RowError(6, "reserved", "x", "must be a whole number")], errors);
    }

    [Theory]
    [InlineData("expiry", "31/03/2026", "must be a date such as 2025-12-31 or 2025/12/31")]
    [InlineData("expiry", "2026-02-30", "must be a date such as 2025-12-31 or 2025/12/31")]
    [InlineData("as_of", "yesterday", "must be a date such as 2025-06-30 or a date-time such as 2025-06-30T18:00:00+08:00")]
    [InlineData("as_of", "2025-06-30T25:00:00Z", "must be a date such as 2025-06-30 or a date-time such as 2025-06-30T18:00:00+08:00")]
    public void a_bad_date_is_reported(string column, string cell, string message)
    {
        var errors = ErrorsOf(8, ("warehouse", "DE-01"), ("sku", "A-1"), ("qty", "5"), (column, cell));

        Assert.Equal([new RowError(8, column, cell, message)], errors);
    }

    [Fact]
    public void every_bad_cell_of_the_row_is_reported_not_just_the_first()
    {
        var errors = ErrorsOf(9,
            ("warehouse", "XX"), ("sku", ""), ("qty", "1,000"), ("available", "-2"), ("inbound", "3.5"), ("expiry", "soon"), ("as_of", "later"));

        Assert.Equal(
            [
                new RowError(9, "warehouse_code", "XX", "is not a warehouse of operator 'op-eu', whose warehouses are DE-01, NL-02"),
                new RowError(9, "sku", "", "is required"),
                new RowError(9, "on_hand", "1,000", "must be a whole number without separators: write 1234, not 1,234"),
                new RowError(9, "available", "-2", "must be 0 or more"),
                new RowError(9, "inbound", "3.5", "must be a whole number"),
                new RowError(9, "expiry", "soon", "must be a date such as 2025-12-31 or 2025/12/31"),
                new RowError(9, "as_of", "later", "must be a date such as 2025-06-30 or a date-time such as 2025-06-30T18:00:00+08:00"),
            ],
            errors);
    }

    [Fact]
    public void an_operator_without_warehouses_is_named_in_the_error()
    {
        var map = MapOf("warehouse", "sku", "qty");
        var op = Operator() with { Warehouses = [] };

        var result = new StockRowValidator(map, op).Validate(new Parsing.TabularRow(2, ["DE-01", "A-1", "5"]));

        Assert.Equal([new RowError(2, "warehouse_code", "DE-01", "operator 'op-eu' has no warehouses registered")],
            Assert.IsType<StockRowResult.Invalid>(result).Errors);
    }
}
