using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_delimiter_is_detected : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_comma_header_reads_as_comma_delimited()
    {
        var report = _folder.Read("stock.csv", "sku,on_hand,warehouse_code\nA-1,5,DE-01\n");

        Assert.Equal(["sku", "on_hand", "warehouse_code"], report.Header);
        Assert.Equal(["A-1", "5", "DE-01"], report.Cells(0));
    }

    [Fact]
    public void a_semicolon_header_reads_as_semicolon_delimited_and_commas_stay_in_cells()
    {
        var report = _folder.Read("stock.csv", "sku;on_hand;weight\nA-1;5;1,5 kg\n");

        Assert.Equal(["sku", "on_hand", "weight"], report.Header);
        Assert.Equal(["A-1", "5", "1,5 kg"], report.Cells(0));
    }

    [Fact]
    public void a_tab_header_reads_as_tab_delimited()
    {
        var report = _folder.Read("stock.txt", "sku\ton_hand\tdescription\nA-1\t5\tPump; 200 W, blue\n");

        Assert.Equal(["sku", "on_hand", "description"], report.Header);
        Assert.Equal(["A-1", "5", "Pump; 200 W, blue"], report.Cells(0));
    }

    [Fact]
    public void delimiters_inside_quoted_header_cells_do_not_count()
    {
        var report = _folder.Read("stock.csv", "\"sku, code, id\";\"on hand, total\";warehouse\nA-1;5;DE-01\n");

        Assert.Equal(["sku, code, id", "on hand, total", "warehouse"], report.Header);
        Assert.Equal(["A-1", "5", "DE-01"], report.Cells(0));
    }

    [Fact]
    public void the_header_is_found_after_leading_blank_lines()
    {
        var report = _folder.Read("stock.csv", "\r\n ; \r\nsku;on_hand\r\nA-1;5\r\n");

        Assert.Equal(["sku", "on_hand"], report.Header);
        Assert.Equal(["A-1", "5"], report.Cells(0));
    }

    [Fact]
    public void the_operators_delimiter_wins_over_detection()
    {
        var report = _folder.Read("stock.csv", "sku;size,on_hand\nA-1;XL,5\n", new TabularReaderOptions { Delimiter = ',' });

        Assert.Equal(["sku;size", "on_hand"], report.Header);
        Assert.Equal(["A-1;XL", "5"], report.Cells(0));
    }

    [Fact]
    public void a_tsv_file_is_always_tab_delimited()
    {
        var report = _folder.Read("stock.tsv", "sku,size\ton_hand\nA-1,XL\t5\n", new TabularReaderOptions { Delimiter = ';' });

        Assert.Equal(["sku,size", "on_hand"], report.Header);
        Assert.Equal(["A-1,XL", "5"], report.Cells(0));
    }

    [Fact]
    public void a_single_column_file_reads_as_one_column()
    {
        var report = _folder.Read("stock.csv", "sku\nA-1\nA-2\n");

        Assert.Equal(["sku"], report.Header);
        Assert.Equal([["A-1"], ["A-2"]], report.Rows.Select(r => r.Cells));
    }
}
