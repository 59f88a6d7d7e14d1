using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_names_its_separator : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("sep=;\r\n")]
    [InlineData("SEP=;\n")]
    [InlineData("\"sep=;\"\n")]
    public void excels_sep_line_sets_the_delimiter_and_is_no_row(string sepLine)
    {
        // Commas outnumber semicolons in the header, so detection alone would split on the comma.
        var report = _folder.Read("stock.csv", sepLine + "sku;description, with, commas;on_hand\nA-1;red, large;5\n");

        Assert.Equal(["sku", "description, with, commas", "on_hand"], report.Header);
        Assert.Equal(["A-1", "red, large", "5"], report.Cells(0));
        Assert.Equal([2L], report.RowNumbers);
    }

    [Fact]
    public void a_sep_line_wins_over_the_operators_delimiter()
    {
        var report = _folder.Read("stock.csv", "sep=\t\nsku\ton_hand\nA-1\t5\n", new TabularReaderOptions { Delimiter = ',' });

        Assert.Equal(["sku", "on_hand"], report.Header);
    }

    [Fact]
    public void a_first_line_that_merely_starts_with_sep_is_the_header()
    {
        var report = _folder.Read("stock.csv", "sep=;x,sku\n1,A-1\n");

        Assert.Equal(["sep=;x", "sku"], report.Header);
    }
}
