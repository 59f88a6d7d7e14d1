namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_has_blank_lines_and_trailing_delimiters : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void blank_lines_anywhere_are_skipped_and_rows_keep_their_physical_line_numbers()
    {
        var report = _folder.Read("stock.csv", "\n\r\nsku,on_hand\n\nA-1,5\n   \n,,\n\"\", \"  \"\nA-2,6\n\n\n");

        Assert.Equal(["sku", "on_hand"], report.Header);
        Assert.Equal([["A-1", "5"], ["A-2", "6"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([5L, 9L], report.RowNumbers);
    }

    [Fact]
    public void a_trailing_delimiter_adds_no_column()
    {
        var report = _folder.Read("stock.csv", "sku,on_hand,\r\nA-1,5,\r\nA-2,6,,\r\n");

        Assert.Equal(["sku", "on_hand"], report.Header);
        Assert.Equal([["A-1", "5"], ["A-2", "6"]], report.Rows.Select(r => r.Cells));
    }

    [Fact]
    public void header_cells_are_trimmed()
    {
        var report = _folder.Read("stock.csv", " sku , on_hand \t,\" warehouse_code \"\nA-1,5,DE-01\n");

        Assert.Equal(["sku", "on_hand", "warehouse_code"], report.Header);
    }

    [Fact]
    public void an_empty_or_whitespace_cell_is_null()
    {
        var report = _folder.Read("stock.csv", "sku,lot,on_hand\nA-1,,5\nA-2,   ,6\nA-3,\"\",7\n");

        Assert.Equal([["A-1", null, "5"], ["A-2", null, "6"], ["A-3", null, "7"]], report.Rows.Select(r => r.Cells));
    }

    [Fact]
    public void a_short_row_is_padded_with_nulls_and_a_long_row_is_cut_to_the_header()
    {
        var report = _folder.Read("stock.csv", "sku,on_hand,lot\nA-1,5\nA-2,6,L1,extra,more\n");

        Assert.Equal([["A-1", "5", null], ["A-2", "6", "L1"]], report.Rows.Select(r => r.Cells));
    }

    [Fact]
    public void a_last_line_without_a_line_break_is_a_row()
    {
        var report = _folder.Read("stock.csv", "sku,on_hand\r\nA-1,5\r\nA-2,6");

        Assert.Equal([["A-1", "5"], ["A-2", "6"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([2L, 3L], report.RowNumbers);
    }

    [Fact]
    public void old_mac_cr_line_endings_split_rows_too()
    {
        var report = _folder.Read("stock.csv", "sku,on_hand\rA-1,5\rA-2,6\r");

        Assert.Equal([["A-1", "5"], ["A-2", "6"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([2L, 3L], report.RowNumbers);
    }
}
