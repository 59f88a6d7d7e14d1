using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

/// <summary>Fixtures/xlsx/libreoffice-stock.xlsx was saved by LibreOffice Calc from libreoffice-stock.csv (see the README there).</summary>
public sealed class when_a_libreoffice_xlsx_is_read
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "xlsx", "libreoffice-stock.xlsx");

    [Fact]
    public void chinese_and_english_headers_dates_and_formula_results_come_through()
    {
        using var file = File.OpenRead(Fixture);
        using var reader = XlsxTabularReader.Open(file, new TabularReaderOptions());

        Assert.Equal(["warehouse_code", "商品编码", "description", "在库数量", "reserved", "available", "expiry"], reader.Header);
        var rows = TestWorkbook.ReadAll(reader);
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.RowNumber));
        Assert.Equal(["LAX-1", "SKU-001", "蓝牙耳机 Bluetooth earbuds", "120", "20", "100", "2026-03-31"], rows[0].Cells);
        Assert.Equal(["LAX-1", "SKU-002", "Phone case 手机壳", "45", "5", "40", "2025-12-01"], rows[1].Cells);
        Assert.Equal(["FRA-2", "SKU-003", "USB-C cable", "0", "0", "0", null], rows[2].Cells);
    }
}
