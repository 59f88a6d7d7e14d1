using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_has_awkward_quoting : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_quoted_delimiter_stays_in_its_cell()
    {
        var report = _folder.Read("stock.csv", "sku,description,on_hand\nA-1,\"Pump, 200 W\",5\n");

        Assert.Equal(["A-1", "Pump, 200 W", "5"], report.Cells(0));
    }

    [Fact]
    public void doubled_quotes_read_as_one_quote()
    {
        var report = _folder.Read("stock.csv", "sku,description,on_hand\nA-2,\"5\"\" pipe, \"\"heavy\"\"\",3\n");

        Assert.Equal(["A-2", "5\" pipe, \"heavy\"", "3"], report.Cells(0));
    }

    [Fact]
    public void an_embedded_crlf_stays_in_the_cell_and_rows_keep_their_spreadsheet_numbers()
    {
        var report = _folder.Read("stock.csv", "sku,description,on_hand\r\nA-1,\"line one\r\nline two\",5\r\nA-2,plain,6\r\n");

        Assert.Equal(["A-1", "line one\r\nline two", "5"], report.Cells(0));
        Assert.Equal(["A-2", "plain", "6"], report.Cells(1));
        Assert.Equal([2L, 3L], report.RowNumbers);
    }

    [Fact]
    public void an_embedded_lf_stays_in_the_cell_and_rows_keep_their_spreadsheet_numbers()
    {
        var report = _folder.Read("stock.csv", "sku,description,on_hand\nA-1,\"one\ntwo\nthree\",5\nA-2,plain,6\n");

        Assert.Equal(["A-1", "one\ntwo\nthree", "5"], report.Cells(0));
        Assert.Equal([2L, 3L], report.RowNumbers);
    }

    [Fact]
    public void a_header_cell_with_an_embedded_newline_is_still_row_1()
    {
        var report = _folder.Read("stock.csv", "sku,\"on hand\n(pcs)\"\nA-1,5\n");

        Assert.Equal(["sku", "on hand\n(pcs)"], report.Header);
        Assert.Equal([2L], report.RowNumbers);
    }

    [Fact]
    public void spaces_outside_quotes_are_trimmed_and_spaces_inside_are_kept()
    {
        var report = _folder.Read("stock.csv", "sku,description,on_hand\n  A-1 ,  \" padded \"  , 5\n");

        Assert.Equal(["A-1", " padded ", "5"], report.Cells(0));
    }

    [Fact]
    public void a_quote_never_closed_makes_the_file_unreadable_and_names_its_line()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\nA-1,ok,5\nA-2,\"never closed,6\nA-3,x,7\n");

        var error = _folder.Unreadable("stock.csv");

        Assert.Contains("line 3", error.Message);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void a_runaway_quote_is_refused_before_it_swallows_the_rest_of_a_large_file()
    {
        var text = new StringBuilder("sku,description,on_hand\nA-1,\"open,5\n");
        while (text.Length <= CsvTabularReader.MaxRowLength + 1000)
        {
            text.Append("A-2,plain,6\n");
        }
        text.Append("A-3,\"close\",7\n");
        _folder.Write("stock.csv", text.ToString());

        var error = _folder.Unreadable("stock.csv");

        Assert.Contains("the quoted field opened on line 2 runs over several lines", error.Message);
    }
}
