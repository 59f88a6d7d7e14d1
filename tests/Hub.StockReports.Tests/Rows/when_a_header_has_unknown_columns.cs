using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_a_header_has_unknown_columns
{
    [Fact]
    public void unknown_columns_are_ignored_and_listed_with_their_positions()
    {
        var mapping = StockHeaderMapper.Map(["warehouse", "sku", "qty", "colour", "avaliable"], Operator());

        var map = Assert.IsType<StockHeaderMapping.Mapped>(mapping).Map;
        Assert.Equal([("colour", 3), ("avaliable", 4)], map.Ignored);
        Assert.Equal(["on_hand", "sku", "warehouse_code"], map.Columns.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void a_row_is_validated_without_the_ignored_cells()
    {
        var map = Assert.IsType<StockHeaderMapping.Mapped>(StockHeaderMapper.Map(["warehouse", "sku", "qty", "colour"], Operator())).Map;

        var result = new StockRowValidator(map, Operator()).Validate(new(2, ["DE-01", "A-1", "5", "not a number"]));

        Assert.Equal(5, Assert.IsType<StockRowResult.Valid>(result).Line.OnHand);
    }

    [Fact]
    public void unknown_columns_are_still_named_when_the_header_is_refused_for_another_reason()
    {
        var rejected = Rejected(Operator(), "warehouse", "sku", "stock");

        Assert.Equal(["stock"], rejected.Unrecognised);
        Assert.Contains("missing required column on_hand", rejected.Reason);
        Assert.Contains("unrecognised column 'stock' (column 3); if they are stock columns, register them as column aliases of the operator", rejected.Reason);
    }
}
