using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Rows;

public sealed class when_a_stock_header_is_mapped
{
    [Fact]
    public void canonical_english_names_map_to_their_columns_in_any_case_and_spacing()
    {
        var map = MapOf("Warehouse Code", "SKU", "On-Hand", " available ", "RESERVED", "Unsellable", "inbound", "Lot", "Expiry",
            "description", "unit", "As Of");

        Assert.Equal(StockColumns.All.Select((c, i) => KeyValuePair.Create(c, i)), map.Columns.OrderBy(c => c.Value));
    }

    [Fact]
    public void english_aliases_map_to_their_columns()
    {
        var map = MapOf("wh", "Item Code", "qty", "damaged", "in_transit", "batch", "best-before", "name", "UOM", "snapshot date");

        Assert.Equal(0, map.Columns[StockColumns.WarehouseCode]);
        Assert.Equal(1, map.Columns[StockColumns.Sku]);
        Assert.Equal(2, map.Columns[StockColumns.OnHand]);
        Assert.Equal(3, map.Columns[StockColumns.Unsellable]);
        Assert.Equal(4, map.Columns[StockColumns.Inbound]);
        Assert.Equal(5, map.Columns[StockColumns.Lot]);
        Assert.Equal(6, map.Columns[StockColumns.Expiry]);
        Assert.Equal(7, map.Columns[StockColumns.Description]);
        Assert.Equal(8, map.Columns[StockColumns.Unit]);
        Assert.Equal(9, map.Columns[StockColumns.AsOf]);
    }

    [Fact]
    public void chinese_headers_map_to_their_columns()
    {
        var map = MapOf("仓库编码", "商品编码", "在库数量", "可用数量", "锁定数量", "残次品数量", "在途数量", "批号", "有效期", "品名", "单位", "盘点日期");

        Assert.Equal(StockColumns.All.Select((c, i) => KeyValuePair.Create(c, i)), map.Columns.OrderBy(c => c.Value));
    }

    [Fact]
    public void full_width_and_mixed_case_spellings_are_the_same_name()
    {
        var map = MapOf("仓库", "ＳＫＵ编码", "现有库存");

        Assert.Equal([0, 1, 2], new[] { StockColumns.WarehouseCode, StockColumns.Sku, StockColumns.OnHand }.Select(c => map.Columns[c]));
    }

    [Fact]
    public void operator_aliases_add_to_the_built_in_ones()
    {
        var op = Operator(new Dictionary<string, IReadOnlyList<string>>
        {
            ["on_hand"] = ["Qty OH"],
            ["Warehouse Code"] = ["Lager"],
            ["available"] = ["Freier Bestand"],
        });

        var mapping = StockHeaderMapper.Map(["lager", "sku", "QTY_OH", "freier-bestand", "批次"], op);

        var map = Assert.IsType<StockHeaderMapping.Mapped>(mapping).Map;
        Assert.Equal(0, map.Columns[StockColumns.WarehouseCode]);
        Assert.Equal(2, map.Columns[StockColumns.OnHand]);
        Assert.Equal(3, map.Columns[StockColumns.Available]);
        Assert.Equal(4, map.Columns[StockColumns.Lot]);
    }

    [Fact]
    public void an_operator_alias_wins_over_a_built_in_alias_of_another_column()
    {
        var op = Operator(new Dictionary<string, IReadOnlyList<string>> { ["on_hand"] = ["可用库存"] });

        var map = Assert.IsType<StockHeaderMapping.Mapped>(StockHeaderMapper.Map(["warehouse", "sku", "可用库存"], op)).Map;

        Assert.Equal(2, map.Columns[StockColumns.OnHand]);
        Assert.False(map.Has(StockColumns.Available));
    }

    [Fact]
    public void empty_header_cells_are_ignored()
    {
        var map = MapOf("warehouse", "", "sku", "  ", "qty");

        Assert.Equal(3, map.Columns.Count);
        Assert.Equal(4, map.Columns[StockColumns.OnHand]);
    }
}
