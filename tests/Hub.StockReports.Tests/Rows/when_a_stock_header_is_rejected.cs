using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_a_stock_header_is_rejected
{
    [Fact]
    public void a_missing_required_column_is_named_with_what_is_accepted_for_it()
    {
        var rejected = Rejected(Operator(), "warehouse_code", "sku", "lot");

        Assert.Equal(["on_hand"], rejected.Missing);
        Assert.StartsWith("the header cannot be used: missing required column on_hand; accepted columns (case, spaces, _ and - do not matter): ", rejected.Reason);
        Assert.Contains("on_hand (required): on_hand, quantity, qty, 在库数量, 库存数量, 现有库存;", rejected.Reason);
    }

    [Fact]
    public void a_header_with_none_of_the_required_columns_is_no_recognisable_header()
    {
        var rejected = Rejected(Operator(), "DE-01", "A-1", "5");

        Assert.Equal(["warehouse_code", "sku", "on_hand"], rejected.Missing);
        Assert.Equal(["DE-01", "A-1", "5"], rejected.Unrecognised);
        Assert.StartsWith(
            "no recognisable header: the first row ('DE-01', 'A-1', '5') names none of the required columns warehouse_code, sku, on_hand; accepted columns (case, spaces, _ and - do not matter): warehouse_code (required): warehouse_code, warehouse, wh, 仓库代码, 仓库编码, 仓库; ",
            rejected.Reason);
    }

    [Fact]
    public void the_accepted_names_include_the_operators_aliases()
    {
        var op = Operator(new Dictionary<string, IReadOnlyList<string>> { ["on_hand"] = ["Qty OH"] });

        var rejected = Rejected(op, "warehouse", "sku", "stock");

        Assert.Contains("on_hand (required): on_hand, quantity, qty, 在库数量, 库存数量, 现有库存, Qty OH;", rejected.Reason);
        Assert.Contains("'stock' (column 3)", rejected.Reason);
    }

    [Fact]
    public void two_cells_naming_the_same_column_are_both_named()
    {
        var rejected = Rejected(Operator(), "warehouse", "SKU", "qty", "商品编码");

        Assert.Equal(["sku"], rejected.Duplicated);
        Assert.StartsWith("the header cannot be used: 'SKU' (column 2) and '商品编码' (column 4) both name sku; accepted columns (case, spaces, _ and - do not matter): ", rejected.Reason);
    }

    [Fact]
    public void every_problem_is_reported_at_once()
    {
        var rejected = Rejected(Operator(), "warehouse", "仓库", "sku", "colour");

        Assert.Equal(["on_hand"], rejected.Missing);
        Assert.Equal(["warehouse_code"], rejected.Duplicated);
        Assert.Equal(["colour"], rejected.Unrecognised);
        Assert.StartsWith(
            "the header cannot be used: missing required column on_hand; 'warehouse' (column 1) and '仓库' (column 2) both name warehouse_code; unrecognised column 'colour' (column 4); ",
            rejected.Reason);
    }
}
