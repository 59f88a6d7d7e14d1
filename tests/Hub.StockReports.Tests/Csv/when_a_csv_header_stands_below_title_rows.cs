using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_header_stands_below_title_rows : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TabularReaderOptions Options => new() { RateHeader = StockHeaderMapper.RateHeader(Operator()) };

    [Fact]
    public void the_header_is_found_below_the_titles_and_rows_keep_their_spreadsheet_numbers()
    {
        var report = _folder.Read("stock.csv",
            "EU Fulfilment stock report,,\nWarehouse,DE-01,\nPrinted 2026-11-25,,\n\nwarehouse,sku,qty\nDE-01,A-1,5\nDE-01,A-2,6\n", Options);

        Assert.Equal(["warehouse", "sku", "qty"], report.Header);
        Assert.Equal([["DE-01", "A-1", "5"], ["DE-01", "A-2", "6"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([6L, 7L], report.RowNumbers);
    }

    [Fact]
    public void without_a_complete_header_in_20_rows_the_first_row_naming_a_required_column_is_the_header()
    {
        var titles = string.Concat(Enumerable.Range(1, 25).Select(i => $"title {i},\n"));
        var report = _folder.Read("stock.csv", "Report,\nsku,stock\n" + titles + "warehouse,sku,qty\n", Options);

        Assert.Equal(["sku", "stock"], report.Header);
        Assert.IsType<StockHeaderMapping.Rejected>(StockHeaderMapper.Map(report.Header, Operator()));
    }

    [Fact]
    public void a_header_below_row_20_is_not_looked_for()
    {
        var titles = string.Concat(Enumerable.Range(1, 20).Select(i => $"title {i}\n"));
        var report = _folder.Read("stock.csv", titles + "warehouse,sku,qty\nDE-01,A-1,5\n", Options);

        Assert.Equal(["title 1"], report.Header);
    }

    [Fact]
    public void without_a_rating_the_first_non_blank_row_is_the_header_as_before()
    {
        var report = _folder.Read("stock.csv", "\nReport\nwarehouse,sku,qty\n");

        Assert.Equal(["Report"], report.Header);
    }
}
